/* youdai search: answers search/?q=WORDS from the split index under search/ (see
   src/search/ and docs/search.md). A query loads the index fragments of its own tokens, in
   one round of requests; they hold the rows of each token's first results too, so the first
   screen usually needs nothing more. Tokens are made exactly as src/search/tokens.rs makes
   them. The same fragments hold the synonyms of the query's words (看病 → 医疗, 医院),
   found without another request; a query that finds nothing is read as sounds to offer
   a correction (优待正 → 优待证), and results that apply in the region the finder
   remembered (localStorage `yd-region`) come first.

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
  // Fetched fragments by number, and records read from them by name: {a: level per entry,
  // t: the record's text, ok: whether the index has it}.
  var done = {}, got = {}, NONE = { a: new Uint8Array(total), t: '', ok: false };
  var home = '';
  try { home = localStorage.getItem('yd-region') || ''; } catch (e) {}
  // Entry number -> its result row: a JSON array, or the bytes of one until it is needed.
  var known = {}, rowFiles = {};
  // The pinyin syllables: initial + final for each pair whose bit is set (src/search/tokens.rs),
  // also with u for the table's v (lue as well as lve, for 略) and fuzzy.
  var syllables = new Set(), sy = d.syllables, nf = sy.finals.length;
  sy.initials.forEach(function (a, i) {
    sy.finals.forEach(function (b, f) {
      var k = i * nf + f;
      if (parseInt(sy.bits.charAt(k >> 2), 16) & (8 >> (k & 3))) { syllables.add(a + b); syllables.add((a + b).replace('v', 'u')); syllables.add(fuzzy(a + b)); }
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
  // covers each character: fewer fragments to fetch for a long query. With `syn` (is a word
  // a synonym?), a run that is a synonym gives its record, and a run made of synonyms and
  // pieces of two characters or more gives, besides its bigrams, an alternative of the
  // synonyms' records and the pieces' bigrams (老兵返乡: ~老兵 返乡); `loose` also lets
  // lone characters between synonyms go (看病难: ~看病), for when nothing has all of it.
  function bigrams(run, cover) {
    var grams = [];
    for (var i = 0; i + 1 < run.length; i += cover ? 2 : 1) grams.push(run[i] + run[i + 1]);
    if (cover && run.length % 2) grams.push(run[run.length - 2] + run[run.length - 1]);
    return grams;
  }
  function pieces(run, syn, loose) {
    var alt = [], rest = [], any = false, i = 0, n, w;
    function flush() {
      if (rest.length > 1) alt = alt.concat(bigrams(rest, false));
      var ok = loose || rest.length !== 1;
      rest = [];
      return ok;
    }
    while (i < run.length) {
      for (n = Math.min(6, run.length - i); n > 0; n--) {
        w = run.slice(i, i + n).join('');
        if ((n > 1 || run.length === 1) && syn(w)) break;
      }
      if (!n) { rest.push(run[i++]); continue; }
      if (!flush()) return null;
      alt.push('~' + w);
      any = true;
      i += n;
    }
    return any && flush() ? alt : null;
  }
  function clauses(query, cover, syn, loose) {
    var q = normalize(query).trim(), letters = /^[a-z' ]+$/.test(q);
    // "yi liao", "xi'an": syllables typed apart are one word; "pingyao menpiao" is two.
    var words = q.split(/[' ]+/).filter(Boolean);
    if (letters && words.length > 1 && words.every(function (w) { return syllables.has(w); })) {
      return [[words].concat(pinyinAlternatives(words))];
    }
    var out = [];
    runs(q).forEach(function (run) {
      if (typeof run !== 'string') {
        var alt = syn && pieces(run, syn, loose), own = run.length === 1 ? [run[0]] : bigrams(run, cover);
        out.push(!alt ? [own] : alt.length === 1 && alt[0] === '~' + run.join('') ? [alt] : [own, alt]);
        return;
      }
      var alts = [[syn && syn(run) ? '~' + run : run]];
      if (/^[a-z]+$/.test(run)) {
        var py = pinyinAlternatives([run]);
        alts = alts.concat(py);
        if (!py.length && run.length >= 2 && run.length <= 6) alts = alts.concat(initials(run));
      }
      out.push(alts);
    });
    return out;
  }

  // --- the index -----------------------------------------------------------------------
  function fnv(bytes) {
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h;
  }
  // A synonym's record is in the fragment of its first token, which its query fetches anyway.
  function fragmentOf(token) {
    if (token.charAt(0) === '~') {
      var r = runs(token.slice(1))[0];
      token = typeof r === 'string' ? r : r.slice(0, 2).join('');
    }
    return fnv(enc.encode(token)) % nfrag;
  }
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
      return (done[n] = { buf: buf, start: at.pos });
    });
    fragments[n].catch(function () { delete fragments[n]; });
    return fragments[n];
  }
  function varint(buf, at) {
    var v = 0, shift = 0, b;
    do { b = buf[at.pos++]; v += (b & 0x7f) * Math.pow(2, shift); shift += 7; } while (b & 0x80);
    return v;
  }
  // A record of a fetched fragment: entry number -> level (3 title, 2 summary, 1 body, 0
  // absent), and its text.
  function record(f, token) {
    var want = enc.encode(token), buf = f.buf, at = { pos: f.start };
    while (at.pos < buf.length) {
      var len = varint(buf, at), same = len === want.length;
      for (var k = 0; same && k < len; k++) same = buf[at.pos + k] === want[k];
      at.pos += len;
      var size = varint(buf, at), end = at.pos + size;
      if (!same) { at.pos = end; continue; }
      var arr = new Uint8Array(total);
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
      return { a: arr, t: dec.decode(buf.subarray(at.pos, end)), ok: true };
    }
    return NONE;
  }
  function levels(token) {
    if (levelCache[token]) return levelCache[token];
    levelCache[token] = fragment(fragmentOf(token)).then(function (f) { return (got[token] = record(f, token)); });
    levelCache[token].catch(function () { delete levelCache[token]; });
    return levelCache[token];
  }
  // The synonym record of a word, if the fragments fetched so far have one.
  function synonym(word) {
    var t = '~' + word, f = done[fragmentOf(t)];
    if (!got[t] && f) got[t] = record(f, t);
    return got[t] && got[t].ok;
  }

  function tokensOf(cls) {
    var t = {};
    cls.forEach(function (alts) { alts.forEach(function (a) { a.forEach(function (x) { t[x] = 1; }); }); });
    return t;
  }
  // The clauses of a query and every token they, the filters and the remembered region need,
  // fetched in one round.
  function plan(query, filter) {
    var cls, tokens, cover;
    [false, true].some(function (c) {
      cover = c;
      cls = clauses(query, cover);
      tokens = tokensOf(cls);
      if (filter.group) tokens['#g:' + filter.group] = 1;
      if (filter.region) tokens['#r:' + filter.region] = 1;
      else if (home) tokens['#r:' + home] = 1;
      var frags = {};
      Object.keys(tokens).forEach(function (t) { frags[fragmentOf(t)] = 1; });
      return Object.keys(frags).length <= PARALLEL;
    });
    return { cls: cls, tokens: Object.keys(tokens), cover: cover };
  }

  // Resolves to {list: entry numbers in result order, loose: when none has all of the
  // query, those that have it without the lone characters between synonyms, or else most
  // of it; also: the words of the synonyms used}. Result order: entries that apply in the
  // remembered region first (unless a region filter says where), then best score, then
  // result order (category order).
  function search(query, filter) {
    var p = plan(query, filter);
    if (!p.cls.length) return Promise.resolve({ list: [], loose: [], also: [] });
    return Promise.all(p.tokens.map(levels)).then(function () {
      // Synonyms are found in the fragments just fetched, with the query's own words.
      var cls = [clauses(query, p.cover, synonym), clauses(query, p.cover, synonym, true)];
      return Promise.all(Object.keys(tokensOf(cls[0].concat(cls[1]))).map(levels)).then(function () {
        var r = rank(cls[0], filter), used = cls[0], l;
        if (!r.list.length) {
          l = rank(used = cls[1], filter);
          r.loose = l.list.length ? l.list : l.most;
        }
        r.also = [];
        Object.keys(tokensOf(used)).forEach(function (t) { if (t.charAt(0) === '~') r.also = r.also.concat(got[t].t.split('\n')); });
        return r;
      });
    });
  }
  function rank(cls, filter) {
    var score = new Uint16Array(total), most = new Uint16Array(total), want = 0, i;
    cls.forEach(function (alts, c) {
      var best = new Uint8Array(total), has = new Uint8Array(total);
      want += alts[0].length;
      alts.forEach(function (a) {
        var ts = a.map(function (t) { return (got[t] || NONE).a; });
        for (i = 0; i < total; i++) {
          var m = 3, n = 0;
          for (var k = 0; k < ts.length; k++) { if (ts[k][i] < m) m = ts[k][i]; if (ts[k][i]) n++; }
          if (m > best[i]) best[i] = m;
          if (n > has[i]) has[i] = n;
        }
      });
      for (i = 0; i < total; i++) {
        score[i] = best[i] && (!c || score[i]) ? score[i] + best[i] : 0;
        most[i] += has[i];
      }
    });
    var range = filter.cat && ranges[filter.cat], near = !filter.region && home && got['#r:' + home];
    var keep = [filter.group && got['#g:' + filter.group], filter.region && got['#r:' + filter.region]];
    function order(key) {
      var buckets = [], res = [], s;
      for (i = 0; i < total; i++) {
        s = key(i);
        if (!s || (filter.cat && !(range && i >= range[0] && i < range[1])) ||
          (keep[0] && !keep[0].a[i]) || (keep[1] && !keep[1].a[i])) continue;
        if (near && near.a[i]) s += 4096;
        (buckets[s] = buckets[s] || []).push(i);
      }
      for (s = buckets.length - 1; s > 0; s--) if (buckets[s]) res = res.concat(buckets[s]);
      return res;
    }
    // Most of it: at least half of the query's tokens, the more the better.
    return { list: order(function (j) { return score[j]; }), most: want < 2 ? [] : order(function (j) { return 2 * most[j] >= want ? most[j] : 0; }) };
  }

  // A query that found nothing, corrected by the sounds of its characters (优待正 → 优待证),
  // or null: src/search/correct.js, imported only then. The readings of the query's
  // characters are asked for meanwhile, in the same round.
  function correct(q) {
    Array.from(q, function (ch) {
      var c = ch.codePointAt(0) - 0x4e00;
      if (c >= 0 && c < 0x5200) get('search/y/' + (c >> 9) + '.txt', true).catch(function () {});
    });
    return import(base + 'search/correct.js' + stamp).then(function (m) {
      return m.correct({ get: get, levels: levels, runs: runs, bigrams: bigrams, normalize: normalize }, q);
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
  // The status line, from text and elements.
  function say() {
    status.textContent = '';
    Array.prototype.forEach.call(arguments, function (p) { status.appendChild(typeof p === 'string' ? document.createTextNode(p) : p); });
  }
  // Folded filters say which are on.
  function filtersSay() {
    var fold = form.querySelector('.filters summary'), on = ['cat', 'group', 'region'].map(function (k) {
      var f = form.elements[k];
      return f.value ? f.options[f.selectedIndex].textContent.trim() : '';
    }).filter(Boolean);
    if (fold) fold.textContent = '筛选结果' + (on.length ? '：' + on.join('、') : '');
  }
  function show(st) {
    var run = ++current, q = st.q.trim();
    out.textContent = '';
    filtersSay();
    if (!q) { say(); return Promise.resolve(); }
    say('正在搜索…');
    return search(q, st).then(function (r) {
      if (run !== current) return;
      if (r.list.length) return list(run, q, r, [], '');
      // Offline, a correction may not be at hand: then there is none.
      return correct(q).catch(function () { return null; }).then(function (fix) {
        return fix && search(fix, st).then(function (r2) { return r2.list.length ? [fix, r2] : null; });
      }).then(function (c) {
        if (run !== current) return;
        if (c) {
          var a = el('a', '', c[0]);
          a.href = url(Object.assign({}, st, { q: c[0] }));
          return list(run, c[0], c[1], ['没有找到“' + q + '”。您是不是要找：', a, '？'], '“' + c[0] + '”的');
        }
        if (r.loose.length) return list(run, q, { list: r.loose, also: r.also }, ['没有完全符合“' + q + '”的结果，'], '部分符合的');
        say('没有找到与“' + q + '”相关的现行优待项目、商户或公告。可以换个说法，或按优待对象和地区查找。');
        var a2 = el('a', '', '我能享受哪些优待？');
        a2.href = base + 'finder/';
        out.appendChild(el('p')).appendChild(a2);
      });
    }).catch(function () {
      if (run === current) say('搜索暂时不可用，请稍后再试。');
    });
  }
  // Shows the results `r` of `q`, 10 and then 20 at a time, and then the status: `lead`,
  // the count of `what` results, what else was searched for and what comes first.
  function list(run, q, r, lead, what) {
    var found = r.list, ol = el('ol', 'hits'), shown = 0, more = el('button', 'button more', '显示更多结果');
    var words = runs(q).map(function (w) { return typeof w === 'string' ? w : w.join(''); }).concat(r.also);
    out.appendChild(ol);
    more.type = 'button';
    function next() {
      var slice = found.slice(shown, shown + (shown ? PAGE : FIRST));
      shown += slice.length;
      more.disabled = true;
      return rows(slice).then(function (rs) {
        if (run !== current) return;
        rs.forEach(function (x) { if (x) ol.appendChild(hit(x, words)); });
        more.disabled = false;
        if (shown >= found.length) more.remove();
      });
    }
    more.addEventListener('click', next);
    out.appendChild(more);
    // The count appears with the first results, so both change together.
    return next().then(function () {
      if (run !== current) return;
      var near = !form.elements.region.value && home && (got['#r:' + home] || NONE).ok && form.querySelector('option[value="' + CSS.escape(home) + '"]');
      say.apply(null, lead.concat('找到 ' + found.length + ' 项' + what + '结果' +
        (r.also.length ? '，含“' + r.also.join('”“') + '”' : '') +
        (near ? '，适用于' + near.textContent.trim() + '的排在前面' : '') + '。'));
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
  window.youdaiSearch = function (q, filter) { return search(q, filter || {}).then(function (r) { return r.list; }); };
  // For the tests (tests/vectors/tokens.json): the clauses a typed query asks the index for,
  // before synonyms; `cover` as when a long query would need too many fragments.
  window.youdaiTokens = function (q, cover) { return clauses(q, !!cover); };
  // The query in the address: its fragments are requested now, while the page loads.
  var first = asked();
  if (first.q.trim()) plan(first.q, first).tokens.forEach(function (t) { levels(t).catch(function () {}); });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
