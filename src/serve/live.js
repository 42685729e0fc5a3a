// youdai serve: reloads this page when a rebuild changes what the server would send for it.
// Injected into served HTML only; the built site on disk never contains it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) return;
  var url = "/_youdai/events?path=" + encodeURIComponent(script.getAttribute("data-path")) +
    "&hash=" + encodeURIComponent(script.getAttribute("data-hash"));
  var source = null;
  function close() {
    if (source) {
      source.close();
      source = null;
    }
  }
  function open() {
    if (source || document.hidden) return;
    source = new EventSource(url);
    source.addEventListener("reload", function () {
      close();
      location.reload();
    });
  }
  // A browser keeps only a few connections per server; hidden tabs give theirs back and ask
  // again when shown, and the server answers "reload" at once if the page changed meanwhile.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) close(); else open();
  });
  window.addEventListener("pagehide", close);
  window.addEventListener("pageshow", open);
  open();
})();
