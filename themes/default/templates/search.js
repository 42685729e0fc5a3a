/* youdai search: answers search/?q=WORDS from the split index under search/ (see
   src/search/ and docs/search.md). A query loads the index fragments of its own tokens, in
   one round of requests; they hold the rows of each token's first results too, so the first
   screen usually needs nothing more. Tokens are made exactly as src/search/tokens.rs makes
   them.

   search.html inlines this file as an async module in its <head>: it runs before the page
   has finished loading and before the style sheet has arrived, so the fragments of the
   query in the address are on their way within the page's own round trip. It must never
   contain the characters that end a <script> element or start a template tag, nor a line
   inside a string that starts with // or /*: the theme loader drops comment lines,
   indentation and blank lines from it (src/theme.rs). */
(function () {
  'use strict';
  var data = document.getElementById('search-index');
  if (!data || !window.fetch || !window.TextDecoder) return;
  var d = JSON.parse(data.textContent), base = d.base, nfrag = d.fragments, shard = d.shard, total = d.entries;
  // FIRST results show as soon as their rows are known; "more" adds PAGE at a time. At most
  // PARALLEL fragments are fetched for a query: a browser opens six connections to a host
  // over HTTP/1.1, and a seventh request would wait a whole round trip.
  var stamp = '?v=' + d.stamp, FIRST = 10, PAGE = 20, PARALLEL = 6;
  var names = { b: d.categories, p: d.kinds, r: d.regions }, ranges = d.ranges;
  var enc = new TextEncoder(), dec = new TextDecoder(), files = {}, levelCache = {}, fragments = {};
  // Entry number -> its result row: a JSON array, or the bytes of one until it is needed.
  var known = {}, rowFiles = {};
  // The pinyin syllables: initial + final for each pair whose bit is set (src/search/tokens.rs).
  var syllables = new Set(), sy = d.syllables, nf = sy.finals.length;
  sy.initials.forEach(function (a, i) {
    sy.finals.forEach(function (b, f) {
      var k = i * nf + f;
      if (parseInt(sy.bits.charAt(k >> 2), 16) & (8 >> (k & 3))) { syllables.add(a + b); syllables.add(fuzzy(a + b)); }
    });
  });
  var form, status, out;

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
  // With `cover`, a long Han run gives every other bigram (and the last), which still
  // covers each character: fewer fragments to fetch for a long query.
  function clauses(query, cover) {
    var q = normalize(query).trim(), letters = /^[a-z' ]+$/.test(q);
    // "yi liao", "xi'an": syllables typed apart are one word; "pingyao menpiao" is two.
    var words = q.split(/[' ]+/).filter(Boolean);
    if (letters && words.length > 1 && words.every(function (w) { return syllables.has(w); })) {
      return [[words].concat(pinyinAlternatives(words))];
    }
    return runs(q).map(function (run) {
      if (typeof run !== 'string') {
        if (run.length === 1) return [[run[0]]];
        var grams = [];
        for (var i = 0; i + 1 < run.length; i += cover ? 2 : 1) grams.push(run[i] + run[i + 1]);
        if (cover && run.length % 2) grams.push(run[run.length - 2] + run[run.length - 1]);
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
  function fragmentOf(token) { return fnv(enc.encode(token)) % nfrag; }
  // A fragment: its row pool goes into `known`; resolves to the bytes and where its tokens start.
  function fragment(n) {
    if (fragments[n]) return fragments[n];
    fragments[n] = get('search/i/' + n + '.bin').then(function (ab) {
      var buf = new Uint8Array(ab), at = { pos: 0 }, entry = 0;
      for (var count = varint(buf, at); count > 0; count--) {
        entry += varint(buf, at);
        var len = varint(buf, at);
        if (!known[entry]) known[entry] = buf.subarray(at.pos, at.pos + len);
        at.pos += len;
      }
      return { buf: buf, start: at.pos };
    });
    fragments[n].catch(function () { delete fragments[n]; });
    return fragments[n];
  }
  function varint(buf, at) {
    var v = 0, shift = 0, b;
    do { b = buf[at.pos++]; v += (b & 0x7f) * Math.pow(2, shift); shift += 7; } while (b & 0x80);
    return v;
  }
  // Entry number -> level (3 title, 2 summary, 1 body, 0 absent) for one token.
  function levels(token) {
    if (levelCache[token]) return levelCache[token];
    var want = enc.encode(token);
    levelCache[token] = fragment(fnv(want) % nfrag).then(function (f) {
      var buf = f.buf, at = { pos: f.start }, arr = new Uint8Array(total);
      while (at.pos < buf.length) {
        var len = varint(buf, at), same = len === want.length;
        for (var k = 0; same && k < len; k++) same = buf[at.pos + k] === want[k];
        at.pos += len;
        var size = varint(buf, at);
        if (!same) { at.pos += size; continue; }
        for (var level = 3; level >= 1; level--) {
          var tag = varint(buf, at), n = tag >>> 1;
          if (!n) continue;
          var id = varint(buf, at);
          if (tag & 1) {
            var bytes = varint(buf, at);
            for (var j = 0; j < bytes * 8; j++) if (buf[at.pos + (j >> 3)] & (1 << (j & 7))) arr[id + j] = level;
            at.pos += bytes;
          } else {
            arr[id] = level;
            for (var m = 1; m < n; m++) { id += varint(buf, at); arr[id] = level; }
          }
        }
        break;
      }
      return arr;
    });
    levelCache[token].catch(function () { delete levelCache[token]; });
    return levelCache[token];
  }

  // The clauses of a query and every token they and the filters need, fetched in one round.
  function plan(query, filter) {
    var cls, tokens;
    [false, true].some(function (cover) {
      cls = clauses(query, cover);
      tokens = {};
      cls.forEach(function (alts) { alts.forEach(function (a) { a.forEach(function (t) { tokens[t] = 1; }); }); });
      if (filter.group) tokens['#g:' + filter.group] = 1;
      if (filter.region) tokens['#r:' + filter.region] = 1;
      var frags = {};
      Object.keys(tokens).forEach(function (t) { frags[fragmentOf(t)] = 1; });
      return Object.keys(frags).length <= PARALLEL;
    });
    return { cls: cls, tokens: Object.keys(tokens) };
  }

  // Entry numbers in result order: best score first, then result order (category order).
  function search(query, filter) {
    var p = plan(query, filter), cls = p.cls, list = p.tokens;
    if (!cls.length) return Promise.resolve([]);
    return Promise.all(list.map(levels)).then(function (arrs) {
      var lv = {};
      list.forEach(function (t, i) { lv[t] = arrs[i]; });
      var score = new Uint16Array(total), i, s, first = true;
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
        s = score[i];
        if (!s || (filter.cat && !(range && i >= range[0] && i < range[1])) ||
          (keep[0] && !keep[0][i]) || (keep[1] && !keep[1][i])) continue;
        (buckets[s] = buckets[s] || []).push(i);
      }
      var res = [];
      for (s = buckets.length - 1; s > 0; s--) if (buckets[s]) res = res.concat(buckets[s]);
      return res;
    });
  }

  // The result rows of entry numbers: those the fragments did not bring come from the row
  // files, all in one round.
  function rows(numbers) {
    var need = {};
    numbers.forEach(function (n) { if (!known[n]) need[Math.floor(n / shard)] = 1; });
    return Promise.all(Object.keys(need).map(function (k) {
      if (rowFiles[k]) return rowFiles[k];
      rowFiles[k] = get('search/d/' + k + '.json', true).then(function (t) {
        JSON.parse(t).forEach(function (row, i) { known[k * shard + i] = row; });
      });
      rowFiles[k].catch(function () { delete rowFiles[k]; });
      return rowFiles[k];
    })).then(function () {
      return numbers.map(function (n) {
        var r = known[n];
        if (r instanceof Uint8Array) r = known[n] = JSON.parse(dec.decode(r));
        return r;
      });
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
      (row[0] === 'p' ? '优待商户 · ' : '') + (names[row[0]][row[1]] || '');
    meta.appendChild(el('span', 'tag', label));
    if (row[2] !== null) { meta.appendChild(document.createTextNode(' ')); meta.appendChild(el('span', 'tag', names.r[row[2]] || '')); }
    li.appendChild(meta);
    var p = el('p', 'snip');
    marked(p, row[5] || '', words);
    li.appendChild(p);
    return li;
  }

  var current = 0, FIELDS = ['q', 'cat', 'group', 'region'];
  function state() {
    var f = form.elements;
    return { q: f.q.value, cat: f.cat.value, group: f.group.value, region: f.region.value };
  }
  function asked() {
    var p = new URLSearchParams(location.search), st = {};
    FIELDS.forEach(function (k) { st[k] = p.get(k) || ''; });
    return st;
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
        var slice = found.slice(shown, shown + (shown ? PAGE : FIRST));
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
    FIELDS.forEach(function (k) { if (st[k].trim()) p.set(k, st[k].trim()); });
    return location.pathname + (p.toString() ? '?' + p : '');
  }
  function load() {
    var st = asked(), f = form.elements;
    FIELDS.forEach(function (k) { f[k].value = st[k]; });
    var head = document.getElementById('q');
    if (head) head.value = f.q.value;
    return show(state());
  }
  function start() {
    form = document.getElementById('search-form');
    status = document.getElementById('status');
    out = document.getElementById('results');
    if (!form || !status || !out) return;
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
    load();
  }

  // For the benchmarks and tests: entry numbers in result order, no rendering.
  window.youdaiSearch = function (q, filter) { return search(q, filter || {}); };
  // The query in the address: its fragments are requested now, while the page loads.
  var first = asked();
  if (first.q.trim()) plan(first.q, first).tokens.forEach(function (t) { levels(t).catch(function () {}); });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
