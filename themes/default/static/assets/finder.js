/* youdai finder: finder/?group=ID&group=ID&region=ID lists every current benefit and partner
   that ANY of the chosen groups is eligible for in that region and the regions above it,
   from finder/data/REGION.json of each (src/search/finder.rs), with each one's summary.
   Without JavaScript the page keeps its links to the group and region pages. */
(function () {
  'use strict';
  var form = document.getElementById('finder-form');
  var names = document.getElementById('finder-names');
  if (!form || !names || !window.fetch || !window.URLSearchParams) return;
  var d = JSON.parse(names.textContent);
  var base = form.dataset.base, data = form.dataset.data, stamp = form.dataset.stamp || '';
  var status = document.getElementById('finder-status'), answer = document.getElementById('finder-answer');
  var out = document.getElementById('finder-results'), office = document.getElementById('finder-office');
  var link = document.getElementById('finder-link'), f = form.elements, current = 0, files = {};
  var choose = document.getElementById('finder-choose');
  choose.hidden = false;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function boxes() { return Array.prototype.slice.call(form.querySelectorAll('input[name=group]')); }
  function chosen() { return boxes().filter(function (b) { return b.checked; }); }
  function nameOf(box) { return box.parentNode.textContent.trim(); }
  function regionName() { return f.region.options[f.region.selectedIndex].text.trim(); }
  function get(region) {
    if (!files[region]) {
      files[region] = fetch(data + region + '.json' + stamp).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      files[region].catch(function () { delete files[region]; });
    }
    return files[region];
  }
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
  /* One heading (a category or a partner kind) and its entries, each with its summary and,
     when several identities are chosen, which of them it is for. */
  function section(title, href, items, dir, several) {
    var h = el('h2'), a = el('a', title), ul = el('ul', '', 'cards');
    a.href = href;
    h.appendChild(a);
    items.forEach(function (it) {
      var li = el('li'), h3 = el('h3'), entry = el('a', it.row[1]);
      entry.href = base + dir + it.row[0] + '/';
      h3.appendChild(entry);
      li.appendChild(h3);
      li.appendChild(el('p', it.row[2], dir === 'partners/' ? 'offer' : ''));
      if (several) li.appendChild(el('p', '适用：' + it.for.join('、'), 'meta for'));
      ul.appendChild(li);
    });
    out.appendChild(h);
    out.appendChild(ul);
  }
  /* Rows of the chosen groups from the region files, by category (or kind) in the site's
     order, then from the top region down, then in the file's order. */
  function pick(regions, key, terms, groups) {
    var bySection = terms.map(function () { return []; });
    regions.forEach(function (file) {
      file[key].forEach(function (row) {
        var serves = row[4].length ? row[4] : d.groups.map(function (g, i) { return i; });
        var matched = groups.filter(function (g) { return serves.indexOf(g.index) >= 0; });
        if (matched.length && bySection[row[3]]) {
          bySection[row[3]].push({ row: row, for: matched.map(function (g) { return g.name; }) });
        }
      });
    });
    return bySection;
  }
  function show() {
    var groups = chosen().map(function (b) { return { id: b.value, index: d.groups.indexOf(b.value), name: nameOf(b) }; });
    var region = f.region.value, run = ++current;
    try { if (region) localStorage.setItem('yd-region', region); } catch (e) { /* the search ranks this region first (docs/search.md) */ }
    out.textContent = '';
    answer.hidden = true;
    if (!groups.length || !region) {
      status.textContent = groups.length || region ? '请再选择' + (groups.length ? '您所在的地区' : '您的身份') + '。' : '';
      return Promise.resolve();
    }
    status.textContent = '正在查找…';
    var chain = [region].concat(d.up[region] || []).reverse();
    return Promise.all(chain.map(get)).then(function (regions) {
      if (run !== current) return;
      var benefits = pick(regions, 'b', d.categories, groups), partners = pick(regions, 'p', d.kinds, groups);
      var nb = 0, np = 0, several = groups.length > 1;
      benefits.forEach(function (s) { nb += s.length; });
      partners.forEach(function (s) { np += s.length; });
      status.textContent = groups.map(function (g) { return g.name; }).join('、') + '在' + regionName() + '可以享受 ' + nb + ' 项优待' +
        (np ? '，优待商户 ' + np + ' 家。' : '。');
      showOffice();
      benefits.forEach(function (s, i) {
        if (s.length) section(d.categories[i][1], base + 'categories/' + d.categories[i][0] + '/', s, 'benefits/', several);
      });
      partners.forEach(function (s, i) {
        if (s.length) section('优待商户 · ' + d.kinds[i][1], base + 'partners/#k-' + d.kinds[i][0], s, 'partners/', several);
      });
      link.href = document.getElementById('finder-url').textContent = location.href;
      document.getElementById('finder-date').textContent = new Date().toLocaleDateString('zh-CN');
      answer.hidden = false;
    }).catch(function () {
      if (run === current) status.textContent = navigator.onLine === false
        ? '您目前处于离线状态，这个地区的清单还没有保存在手机上。请联网后再查，或使用下面的链接按身份、地区查看。'
        : '暂时无法读取，请使用下面的链接按身份或地区查看。';
    });
  }
  function url() {
    var p = new URLSearchParams();
    chosen().forEach(function (b) { p.append('group', b.value); });
    if (f.region.value) p.set('region', f.region.value);
    return location.pathname + (p.toString() ? '?' + p : '');
  }
  function load() {
    var p = new URLSearchParams(location.search), wanted = p.getAll('group');
    boxes().forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
    f.region.value = p.get('region') || '';
    if (f.region.selectedIndex < 0) f.region.value = '';
    // An answer opened from a link comes first; the form folds under 修改身份或地区.
    choose.open = !(wanted.length && f.region.value);
    document.querySelector('.finder-more').hidden = !choose.open;
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
  document.getElementById('finder-print').addEventListener('click', function () { window.print(); });
  window.addEventListener('popstate', load);
  load();
})();
