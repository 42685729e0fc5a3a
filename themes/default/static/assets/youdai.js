/* youdai: small progressive enhancements; every page works without this file. */
(function () {
  var root = document.documentElement;
  var base = root.getAttribute('data-base') || '/';
  function saved() { try { return (localStorage.getItem('yd-modes') || '').split(' ').filter(Boolean); } catch (e) { return []; } }
  function save(modes) { try { localStorage.setItem('yd-modes', modes.join(' ')); } catch (e) {} }
  // 大字 and 高对比: a press switches the mode; the words say its state (大字：开), by the
  // style sheet, which also shows it without this script (the links' #large targets).
  document.querySelectorAll('a[data-mode]').forEach(function (link) {
    var mode = link.getAttribute('data-mode');
    link.setAttribute('role', 'button');
    link.setAttribute('aria-pressed', root.classList.contains(mode));
    link.addEventListener('click', function (event) {
      event.preventDefault();
      var on = root.classList.toggle(mode);
      save(saved().filter(function (m) { return m !== mode; }).concat(on ? [mode] : []));
      link.setAttribute('aria-pressed', on);
    });
  });
  var sw = navigator.serviceWorker;
  if (sw && (location.protocol === 'https:' || location.hostname === '127.0.0.1' || location.hostname === 'localhost')) {
    // On the first visit, once the worker runs, it is told what the page fetched before:
    // the page and the search or finder files of its first query, to keep them too.
    if (!sw.controller) {
      sw.addEventListener('controllerchange', function () {
        var keep = [location.pathname].concat(performance.getEntriesByType('resource').map(function (e) { return e.name; })
          .filter(function (u) { return /\/(search|finder)\/.*\.(bin|json)(\?|$)/.test(u); }));
        if (sw.controller) sw.controller.postMessage({ keep: keep });
      });
    }
    sw.register(base + 'sw.js', { scope: base }).catch(function () {});
  }
})();
