/* youdai finder: finder/?group=ID&region=ID lists every current benefit and partner for that
   group in that region (and the regions above it), from finder/data/GROUP/REGION.json.
   Without JavaScript the page keeps its links to the group and region pages. */
(function () {
  'use strict';
  var form = document.getElementById('finder-form');
  if (!form || !window.fetch) return;
  var base = form.dataset.base, data = form.dataset.data;
  var status = document.getElementById('finder-status'), out = document.getElementById('finder-results');
  var f = form.elements, current = 0;
  form.hidden = false;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function label(select) { return select.options[select.selectedIndex].text.trim(); }
  function section(title, href, items, dir) {
    var h = el('h2'), a = el('a', title);
    a.href = href;
    h.appendChild(a);
    out.appendChild(h);
    var ul = el('ul', '', 'cards');
    items.forEach(function (it) {
      var li = el('li', '', 'card'), link = el('a', it[1]);
      link.href = base + dir + it[0] + '/';
      li.appendChild(link);
      if (it[2]) li.appendChild(el('p', it[2], 'offer'));
      ul.appendChild(li);
    });
    out.appendChild(ul);
  }
  var office = document.getElementById('finder-office');
  /* The office of the chosen region (or the nearest above it): who to call. */
  function showOffice() {
    var o = f.region.options[f.region.selectedIndex];
    office.textContent = '';
    office.hidden = !(o && o.dataset.office);
    if (office.hidden) return;
    office.appendChild(document.createTextNode(o.dataset.office + '咨询：'));
    if (o.dataset.phone) {
      var tel = el('a', o.dataset.phone, 'tel');
      tel.href = 'tel:' + o.dataset.phone.replace(/[^0-9+-]/g, '');
      office.appendChild(tel);
    }
    [o.dataset.address, o.dataset.hours].forEach(function (t) { if (t) office.appendChild(document.createTextNode('　' + t)); });
  }
  function show() {
    var group = f.group.value, region = f.region.value, run = ++current;
    try { if (region) localStorage.setItem('yd-region', region); } catch (e) { /* the search ranks this region first (docs/search.md) */ }
    out.textContent = '';
    if (office) showOffice();
    if (!group || !region) {
      status.textContent = group || region ? '请再选择' + (group ? '您所在的地区' : '您的身份') + '。' : '';
      return Promise.resolve();
    }
    status.textContent = '正在查找…';
    return fetch(data + group + '/' + region + '.json').then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (d) {
      if (run !== current) return;
      var nb = 0, np = 0;
      d.benefits.forEach(function (s) { nb += s.items.length; });
      d.partners.forEach(function (s) { np += s.items.length; });
      status.textContent = label(f.group) + '在' + label(f.region) + '可以享受 ' + nb + ' 项优待' +
        (np ? '，优待商户 ' + np + ' 家。' : '。');
      d.benefits.forEach(function (s) { section(s.name, base + 'categories/' + s.id + '/', s.items, 'benefits/'); });
      d.partners.forEach(function (s) { section('优待商户 · ' + s.name, base + 'partners/#k-' + s.id, s.items, 'partners/'); });
    }).catch(function () {
      if (run === current) status.textContent = '暂时无法读取，请使用下面的链接按身份或地区查看。';
    });
  }
  function url() {
    var p = new URLSearchParams();
    if (f.group.value) p.set('group', f.group.value);
    if (f.region.value) p.set('region', f.region.value);
    return location.pathname + (p.toString() ? '?' + p : '');
  }
  function load() {
    var p = new URLSearchParams(location.search);
    f.group.value = p.get('group') || '';
    f.region.value = p.get('region') || '';
    return show();
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    history.pushState(null, '', url());
    show();
  });
  form.addEventListener('change', function () {
    history.replaceState(null, '', url());
    show();
  });
  window.addEventListener('popstate', load);
  load();
})();
