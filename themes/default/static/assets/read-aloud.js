/* 朗读: the page's own text read aloud in Chinese, where the browser can speak; the button
   stays hidden elsewhere. A second press stops it. Loaded by the pages that have the
   button (benefits, partners, notices) only. */
(function () {
  if (!('speechSynthesis' in window) || typeof window.SpeechSynthesisUtterance !== 'function') return;
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
})();
