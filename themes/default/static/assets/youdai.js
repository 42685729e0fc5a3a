/* youdai: small progressive enhancements; every page works without this file. */
(function () {
  var root = document.documentElement;
  var base = root.getAttribute('data-base') || '/';
  function saved() { try { return (localStorage.getItem('yd-modes') || '').split(' ').filter(Boolean); } catch (e) { return []; } }
  function save(modes) { try { localStorage.setItem('yd-modes', modes.join(' ')); } catch (e) {} }
  function label(link, on) {
    var name = link.getAttribute('data-mode') === 'large' ? ['大字', '标准字'] : ['高对比', '标准色'];
    link.textContent = on ? name[1] : name[0];
  }
  document.querySelectorAll('a[data-mode]').forEach(function (link) {
    var mode = link.getAttribute('data-mode');
    label(link, root.classList.contains(mode));
    link.addEventListener('click', function (event) {
      event.preventDefault();
      var on = root.classList.toggle(mode);
      var modes = saved().filter(function (m) { return m !== mode; });
      if (on) modes.push(mode);
      save(modes);
      label(link, on);
    });
  });
  // 朗读: the page's own text read aloud in Chinese, where the browser can speak; the
  // button stays hidden elsewhere. A second press stops it.
  if ('speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function') {
    document.querySelectorAll('button.read-aloud').forEach(function (button) {
      var label = button.textContent;
      function stopped() { button.setAttribute('aria-pressed', 'false'); button.textContent = label; }
      button.hidden = false;
      button.addEventListener('click', function () {
        var synth = window.speechSynthesis;
        if (button.getAttribute('aria-pressed') === 'true') { synth.cancel(); stopped(); return; }
        var article = button.closest('article') || document.querySelector('main');
        var title = article.querySelector('h1');
        var body = article.cloneNode(true);
        body.querySelectorAll('h1, .read-aloud-row, .qr, .gov-info, script').forEach(function (n) { n.remove(); });
        var text = ((title ? title.textContent + '。' : '') + body.textContent).replace(/\s+/g, ' ').trim();
        var utterance = new window.SpeechSynthesisUtterance(text);
        utterance.lang = 'zh-CN';
        utterance.rate = 0.9;
        utterance.onend = stopped;
        utterance.onerror = stopped;
        synth.cancel();
        synth.speak(utterance);
        button.setAttribute('aria-pressed', 'true');
        button.textContent = '停止朗读';
      });
    });
  }
  if ('serviceWorker' in navigator && (location.protocol === 'https:' || location.hostname === '127.0.0.1' || location.hostname === 'localhost')) {
    navigator.serviceWorker.register(base + 'sw.js', { scope: base }).catch(function () {});
  }
})();
