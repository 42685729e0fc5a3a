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
  if ('serviceWorker' in navigator && (location.protocol === 'https:' || location.hostname === '127.0.0.1' || location.hostname === 'localhost')) {
    navigator.serviceWorker.register(base + 'sw.js', { scope: base }).catch(function () {});
  }
})();
