// youdai search, "您是不是要找": the browser side of sounds.rs, written to search/correct.js
// and imported by the search page (themes/default/templates/search.js) only when a query
// has found nothing, so that the page that every search loads does not carry it.
//
// A query's bigrams that the index does not have are replaced by bigrams it has that sound
// the same (a sound record `?dai'zen` lists them, commonest first), keeping the characters
// of the bigrams it does have: 优待正 → 优待证. Two rounds of requests: the readings of the
// characters (search/y/N.txt, which the page asks for as it imports this), then the sound
// records, in the index fragments.

/** How a character sounds: its fuzzy readings, from the readings files. */
function reading(s, ch) {
  const c = ch.codePointAt(0) - 0x4e00;
  if (c < 0 || c > 0x51ff) return Promise.resolve([]);
  return s.get(`search/y/${c >> 9}.txt`, true).then((t) => (t.split('\n')[c & 511] || '').split(',').filter(Boolean));
}

/**
 * Resolves to `query` corrected, or null when there is nothing to correct. `s` is what the
 * page lends: get(path, text), levels(token) (resolves to the record {t, ok}), runs(text),
 * bigrams(run) and normalize(text).
 */
export function correct(s, query) {
  const asked = s.normalize(query).trim();
  const han = s.runs(asked).filter((r) => typeof r !== 'string' && r.length > 1);
  const known = {};
  const sounds = {};
  const record = (t) => s.levels(t).then((r) => { known[t] = r; });
  return Promise.all(han.flatMap((r) => s.bigrams(r)).map(record))
    .then(() => Promise.all(han.map((r) => Promise.all(r.map((ch) => reading(s, ch))).then((rd) => {
      const ask = [];
      s.bigrams(r).forEach((g, i) => {
        if (known[g].ok) return;
        sounds[g] = rd[i].flatMap((a) => rd[i + 1].map((b) => `?${a}'${b}`));
        ask.push(...sounds[g]);
      });
      return Promise.all(ask.map(record));
    }))))
    .then(() => {
      let q = asked;
      for (const r of han) {
        // A character of a bigram the index has stays as typed.
        const fixed = r.map((ch, i) => (i > 0 && known[r[i - 1] + ch].ok) || (i + 1 < r.length && known[ch + r[i + 1]].ok));
        const to = r.slice();
        s.bigrams(r).forEach((g, i) => {
          let best = null;
          let fewest = 3;
          for (const t of sounds[g] || []) {
            const spelled = Array.from(known[t].t);
            for (let k = 0; k + 1 < spelled.length; k += 2) {
              const [a, b] = [spelled[k], spelled[k + 1]];
              const changes = (a !== to[i]) + (b !== to[i + 1]);
              if ((fixed[i] && a !== to[i]) || (fixed[i + 1] && b !== to[i + 1]) || changes >= fewest) continue;
              best = [a, b];
              fewest = changes;
            }
          }
          if (!best) return;
          [to[i], to[i + 1]] = best;
          fixed[i] = fixed[i + 1] = true;
        });
        q = q.replace(r.join(''), to.join(''));
      }
      return q !== asked ? q : null;
    });
}
