/* youdai search: answers search/?q=WORDS from the split index under search/ (see
   src/search/). A query loads only the index fragments of its own tokens, then the result
   rows it shows. Tokens are made exactly as src/search/tokens.rs makes them. */
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  if (!form || !window.fetch || !window.TextDecoder) return;
  var d = form.dataset, base = d.base, nfrag = +d.fragments, shard = +d.shard, total = +d.entries;
  var stamp = '?v=' + d.stamp, PAGE = 20;
  var names = { b: d.categories.split('|'), p: d.kinds.split('|'), r: d.regions.split('|') };
  var ranges = {};
  d.ranges.split(' ').forEach(function (r) {
    var p = r.split(':');
    if (p.length === 3) ranges[p[0]] = [+p[1], +p[2]];
  });
  var status = document.getElementById('status'), out = document.getElementById('results');
  var enc = new TextEncoder(), files = {}, levelCache = {}, rowCache = {}, syllables = null;

  function get(path, text) {
    var url = base + path + stamp;
    if (!files[url]) {
      files[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status + ' ' + path);
        return text ? r.text() : r.arrayBuffer();
      });
      files[url].catch(function () { delete files[url]; });
    }
    return files[url];
  }

  // --- text into tokens --------------------------------------------------------------
  function isHan(c) {
    return c === 0x3007 || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3134f);
  }
  function normChar(ch) {
    var c = ch.codePointAt(0);
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    else if (c === 0x3000) c = 32;
    if (c >= 65 && c <= 90) c += 32;
    return String.fromCodePoint(c);
  }
  function normalize(s) { return Array.from(s, normChar).join(''); }
  function isAlnum(ch) { return /^[a-z0-9]$/.test(ch); }
  // Han runs (arrays of characters) and ASCII words, as tokens.rs `runs`.
  function runs(s) {
    var res = [], han = [], word = '';
    Array.from(normalize(s)).forEach(function (ch) {
      if (isHan(ch.codePointAt(0))) {
        if (word) { res.push(word); word = ''; }
        han.push(ch);
      } else {
        if (han.length) { res.push(han); han = []; }
        if (isAlnum(ch)) word += ch; else if (word) { res.push(word); word = ''; }
      }
    });
    if (han.length) res.push(han);
    if (word) res.push(word);
    return res;
  }
  function fuzzy(s) {
    s = s.replace(/[üv]/g, 'u').replace(/^([zcs])h/, '$1').replace(/^l/, 'n');
    return s.length > 2 && /[aei]ng$/.test(s) ? s.slice(0, -1) : s;
  }
  // Every way (a few at most) to read letters as pinyin syllables.
  function parses(letters) {
    var memo = {};
    function from(i) {
      if (i === letters.length) return [[]];
      if (memo[i]) return memo[i];
      var res = [];
      for (var j = Math.min(letters.length, i + 6); j > i && res.length < 6; j--) {
        var syl = letters.slice(i, j);
        if (!syllables.has(syl)) continue;
        from(j).forEach(function (rest) { if (res.length < 6) res.push([syl].concat(rest)); });
      }
      return (memo[i] = res);
    }
    return from(0);
  }
  function pinyinAlternatives(segments) {
    if (!syllables) return [];
    var all = [[]];
    segments.forEach(function (seg) {
      var next = [];
      parses(seg).forEach(function (p) { all.forEach(function (a) { if (next.length < 8) next.push(a.concat(p)); }); });
      all = next;
    });
    // The readings with the fewest syllables: yi-liao, not yi-li-ao.
    all = all.filter(function (p) { return p.length > 1; });
    var fewest = Math.min.apply(null, all.map(function (p) { return p.length; }));
    return all.filter(function (p) { return p.length === fewest; }).map(function (p) {
      var toks = [];
      for (var i = 0; i + 1 < p.length; i++) toks.push(':' + fuzzy(p[i]) + "'" + fuzzy(p[i + 1]));
      return toks;
    });
  }
  function initials(word) {
    var w = word.replace(/l/g, 'n'), toks = [];
    if (w.length === 2) return [['=' + w]];
    for (var i = 0; i + 3 <= w.length; i++) toks.push('=' + w.slice(i, i + 3));
    return [toks];
  }
  // A query into clauses (all must match; their levels add up); a clause into alternatives
  // (the best one counts); an alternative into tokens (all must match; the weakest counts).
  function clauses(query) {
    var q = normalize(query).trim(), letters = /^[a-z' ]+$/.test(q);
    // "yi liao", "xi'an": syllables typed apart are one word; "pingyao menpiao" is two.
    var words = q.split(/[' ]+/).filter(Boolean);
    if (letters && words.length > 1 && syllables && words.every(function (w) { return syllables.has(w); })) {
      return [[words].concat(pinyinAlternatives(words))];
    }
    return runs(q).map(function (run) {
      if (typeof run !== 'string') {
        if (run.length === 1) return [[run[0]]];
        var grams = [];
        for (var i = 0; i + 1 < run.length; i++) grams.push(run[i] + run[i + 1]);
        return [grams];
      }
      var alts = [[run]];
      if (/^[a-z]+$/.test(run)) {
        var py = pinyinAlternatives([run]);
        alts = alts.concat(py);
        if (!py.length && run.length >= 2 && run.length <= 6) alts = alts.concat(initials(run));
      }
      return alts;
    });
  }

  // --- the index -----------------------------------------------------------------------
  function fnv(bytes) {
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h;
  }
  // Entry number -> level (3 title, 2 summary, 1 body, 0 absent) for one token.
  function levels(token) {
    if (levelCache[token]) return levelCache[token];
    var want = enc.encode(token);
    return (levelCache[token] = get('search/i/' + (fnv(want) % nfrag) + '.bin').then(function (ab) {
      var buf = new Uint8Array(ab), pos = 0, arr = new Uint8Array(total);
      function varint() {
        var v = 0, shift = 0, b;
        do { b = buf[pos++]; v += (b & 0x7f) * Math.pow(2, shift); shift += 7; } while (b & 0x80);
        return v;
      }
      while (pos < buf.length) {
        var len = varint(), same = len === want.length;
        for (var k = 0; same && k < len; k++) same = buf[pos + k] === want[k];
        pos += len;
        var size = varint();
        if (!same) { pos += size; continue; }
        for (var level = 3; level >= 1; level--) {
          var tag = varint(), n = tag >>> 1;
          if (!n) continue;
          var id = varint();
          if (tag & 1) {
            var bytes = varint();
            for (var j = 0; j < bytes * 8; j++) if (buf[pos + (j >> 3)] & (1 << (j & 7))) arr[id + j] = level;
            pos += bytes;
          } else {
            arr[id] = level;
            for (var m = 1; m < n; m++) { id += varint(); arr[id] = level; }
          }
        }
        break;
      }
      return arr;
    }));
  }

  // Entry numbers in result order: best score first, then result order (category order).
  function search(query, filter) {
    var cls = clauses(query);
    if (!cls.length) return Promise.resolve([]);
    var needPinyin = /[a-z]/.test(normalize(query));
    return (needPinyin && !syllables ? get('search/py.txt', true).then(function (t) {
      syllables = new Set();
      t.split(' ').forEach(function (s) { syllables.add(s); syllables.add(fuzzy(s)); });
    }) : Promise.resolve()).then(function () {
      cls = clauses(query);
      var tokens = {};
      cls.forEach(function (alts) { alts.forEach(function (a) { a.forEach(function (t) { tokens[t] = 1; }); }); });
      if (filter.group) tokens['#g:' + filter.group] = 1;
      if (filter.region) tokens['#r:' + filter.region] = 1;
      var list = Object.keys(tokens);
      return Promise.all(list.map(levels)).then(function (arrs) {
        var lv = {};
        list.forEach(function (t, i) { lv[t] = arrs[i]; });
        var score = new Uint16Array(total), i, first = true;
        cls.forEach(function (alts) {
          var best = new Uint8Array(total);
          alts.forEach(function (a) {
            var ts = a.map(function (t) { return lv[t]; });
            for (i = 0; i < total; i++) {
              var m = 3;
              for (var k = 0; k < ts.length && m; k++) if (ts[k][i] < m) m = ts[k][i];
              if (m > best[i]) best[i] = m;
            }
          });
          for (i = 0; i < total; i++) score[i] = best[i] && (first || score[i]) ? score[i] + best[i] : 0;
          first = false;
        });
        var range = filter.cat && ranges[filter.cat];
        var keep = [filter.group && lv['#g:' + filter.group], filter.region && lv['#r:' + filter.region]];
        var buckets = [];
        for (i = 0; i < total; i++) {
          var s = score[i];
          if (!s || (filter.cat && !(range && i >= range[0] && i < range[1])) ||
            (keep[0] && !keep[0][i]) || (keep[1] && !keep[1][i])) continue;
          (buckets[s] = buckets[s] || []).push(i);
        }
        var res = [];
        for (s = buckets.length - 1; s > 0; s--) if (buckets[s]) res = res.concat(buckets[s]);
        return res;
      });
    });
  }

  function rows(numbers) {
    var need = {};
    numbers.forEach(function (n) { need[Math.floor(n / shard)] = 1; });
    return Promise.all(Object.keys(need).map(function (k) {
      return rowCache[k] || (rowCache[k] = get('search/d/' + k + '.txt', true).then(function (t) {
        return t.split('\n').filter(Boolean).map(function (l) { return l.split('\t'); });
      }));
    })).then(function () {
      return Promise.all(numbers.map(function (n) {
        return rowCache[Math.floor(n / shard)].then(function (r) { return r[n % shard]; });
      }));
    });
  }

  // --- the page ------------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  // Appends `text` to `parent`, each occurrence of a query word in <mark>.
  function marked(parent, text, words) {
    var low = normalize(text), spans = [];
    words.forEach(function (w) {
      for (var at = low.indexOf(w); w && at >= 0; at = low.indexOf(w, at + w.length)) spans.push([at, at + w.length]);
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    spans.forEach(function (sp) {
      if (sp[0] < pos) return;
      parent.appendChild(document.createTextNode(text.slice(pos, sp[0])));
      parent.appendChild(el('mark', '', text.slice(sp[0], sp[1])));
      pos = sp[1];
    });
    parent.appendChild(document.createTextNode(text.slice(pos)));
  }
  var dirs = { b: 'benefits/', p: 'partners/', n: 'notices/', g: '' };
  function hit(row, words) {
    var li = el('li', 'card'), h = el('h3'), a = el('a');
    a.href = base + dirs[row[0]] + row[3] + '/';
    marked(a, row[4], words);
    h.appendChild(a);
    li.appendChild(h);
    var meta = el('p', 'meta');
    var label = row[0] === 'n' ? '通知公告 ' + row[1] : row[0] === 'g' ? '服务指南' :
      (row[0] === 'p' ? '优待商户 · ' : '') + (names[row[0]][+row[1]] || '');
    meta.appendChild(el('span', 'tag', label));
    if (row[2] !== '') { meta.appendChild(document.createTextNode(' ')); meta.appendChild(el('span', 'tag', names.r[+row[2]])); }
    li.appendChild(meta);
    var p = el('p', 'snip');
    marked(p, row[5] || '', words);
    li.appendChild(p);
    return li;
  }

  var current = 0;
  function state() {
    var f = form.elements;
    return { q: f.q.value, cat: f.cat.value, group: f.group.value, region: f.region.value };
  }
  function show(st) {
    var run = ++current, q = st.q.trim();
    out.textContent = '';
    if (!q) { status.textContent = ''; return Promise.resolve(); }
    status.textContent = '正在搜索…';
    var words = runs(q).map(function (r) { return typeof r === 'string' ? r : r.join(''); });
    return search(q, st).then(function (found) {
      if (run !== current) return;
      if (!found.length) {
        status.textContent = '没有找到与“' + q + '”相关的现行优待项目、商户或公告。可以换个说法，或按优待对象和地区查找。';
        var a = el('a', '', '我能享受哪些优待？');
        a.href = base + 'finder/';
        out.appendChild(el('p')).appendChild(a);
        return;
      }
      var list = el('ol', 'hits');
      out.appendChild(list);
      var shown = 0, more = el('button', 'button more', '显示更多结果');
      more.type = 'button';
      function next() {
        var slice = found.slice(shown, shown + PAGE);
        shown += slice.length;
        more.disabled = true;
        return rows(slice).then(function (rs) {
          if (run !== current) return;
          rs.forEach(function (r) { if (r) list.appendChild(hit(r, words)); });
          more.disabled = false;
          if (shown >= found.length) more.remove();
        });
      }
      more.addEventListener('click', next);
      out.appendChild(more);
      // The count appears with the first results, so both change together.
      return next().then(function () {
        if (run === current) status.textContent = '找到 ' + found.length + ' 项结果';
      });
    }).catch(function () {
      if (run === current) status.textContent = '搜索暂时不可用，请稍后再试。';
    });
  }
  function url(st) {
    var p = new URLSearchParams();
    ['q', 'cat', 'group', 'region'].forEach(function (k) { if (st[k].trim()) p.set(k, st[k].trim()); });
    return location.pathname + (p.toString() ? '?' + p : '');
  }
  function load() {
    var p = new URLSearchParams(location.search), f = form.elements;
    ['q', 'cat', 'group', 'region'].forEach(function (k) { f[k].value = p.get(k) || ''; });
    var head = document.getElementById('q');
    if (head) head.value = f.q.value;
    return show(state());
  }
  var timer;
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    history.pushState(null, '', url(state()));
    show(state());
  });
  form.q.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { history.replaceState(null, '', url(state())); show(state()); }, 150);
  });
  form.addEventListener('change', function (e) {
    if (e.target.tagName !== 'SELECT') return;
    history.replaceState(null, '', url(state()));
    show(state());
  });
  window.addEventListener('popstate', load);
  // For the benchmarks and tests: entry numbers in result order, no rendering.
  window.youdaiSearch = function (q, filter) { return search(q, filter || {}); };
  load();
})();
