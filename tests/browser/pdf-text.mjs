// The text of each page of a PDF that Chromium printed (Skia's PDF: Flate streams, fonts
// with ToUnicode maps, text shown with Tj/TJ), enough to read what a printed page carries.
// Not a general PDF reader: no object streams, no encryption, which Skia does not write.
import { inflateSync } from 'node:zlib';

function objects(pdf) {
  const text = pdf.toString('latin1');
  const all = new Map();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  let m;
  while ((m = re.exec(text))) {
    const body = m[2];
    const at = body.indexOf('stream');
    let dict = body, data = null;
    if (at >= 0 && /^stream\r?\n/.test(body.slice(at))) {
      dict = body.slice(0, at);
      const start = m.index + m[0].indexOf(body) + at + body.slice(at).match(/^stream\r?\n/)[0].length;
      const length = Number((dict.match(/\/Length (\d+)/) || [])[1]);
      data = pdf.subarray(start, start + length);
      if (/\/FlateDecode/.test(dict)) data = inflateSync(data);
    }
    all.set(Number(m[1]), { dict, data });
  }
  return all;
}

function hexBytes(hex) {
  const clean = hex.replace(/\s/g, '');
  const out = [];
  for (let i = 0; i < clean.length; i += 2) out.push(parseInt(clean.slice(i, i + 2).padEnd(2, '0'), 16));
  return out;
}

function utf16(hex) {
  const b = hexBytes(hex);
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i] << 8) | b[i + 1]);
  return s.replace(/\uFEFF/g, '');
}

/** A ToUnicode CMap: code (as a hex string of its bytes) -> text, and the code width. */
function cmap(source) {
  const map = new Map();
  const width = ((source.match(/begincodespacerange\s*<([0-9A-Fa-f]+)>/) || [])[1] || '00').length / 2;
  for (const block of source.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, uni] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(code.toUpperCase(), utf16(uni));
  }
  for (const block of source.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, uni] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const first = parseInt(uni, 16);
      for (let c = parseInt(lo, 16); c <= parseInt(hi, 16); c++) {
        map.set(c.toString(16).toUpperCase().padStart(lo.length, '0'), String.fromCodePoint(first + c - parseInt(lo, 16)));
      }
    }
  }
  return { map, width };
}

function refs(dict, key) {
  const m = dict.match(new RegExp(`/${key}\\s*(\\[[^\\]]*\\]|\\d+ 0 R)`));
  return m ? [...m[1].matchAll(/(\d+) 0 R/g)].map((r) => Number(r[1])) : [];
}

/** Resolves `/Font` of a page's resources to name -> cmap. */
function fonts(all, resources) {
  let dict = resources;
  const inline = dict.match(/\/Font\s*(\d+) 0 R/);
  if (inline) dict = '/Font ' + all.get(Number(inline[1])).dict;
  const block = dict.match(/\/Font\s*<<([\s\S]*?)>>/);
  const out = {};
  for (const [, name, n] of (block ? block[1] : '').matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
    const font = all.get(Number(n));
    const to = refs(font.dict, 'ToUnicode')[0];
    if (to !== undefined) out[name] = cmap(all.get(to).data.toString('latin1'));
  }
  return out;
}

function show(font, hex) {
  if (!font) return '';
  const width = font.width * 2;
  const clean = hex.replace(/\s/g, '').toUpperCase();
  let s = '';
  for (let i = 0; i < clean.length; i += width) s += font.map.get(clean.slice(i, i + width)) ?? '';
  return s;
}

/** The text of every page, in order. */
export function pdfPages(pdf) {
  const all = objects(pdf);
  // Page order is the order of the page tree's leaves (Skia nests /Pages nodes).
  const root = [...all.values()].find((o) => /\/Type\s*\/Pages\b/.test(o.dict) && !/\/Parent\b/.test(o.dict));
  const leaves = (n) => {
    const o = all.get(n);
    return /\/Type\s*\/Pages\b/.test(o.dict) ? refs(o.dict, 'Kids').flatMap(leaves) : [n];
  };
  const order = refs(root.dict, 'Kids').flatMap(leaves);
  return order.map((n) => {
    const page = all.get(n);
    const resourcesRef = refs(page.dict, 'Resources')[0];
    const resources = resourcesRef !== undefined ? all.get(resourcesRef).dict : page.dict;
    const byName = fonts(all, resources);
    let text = '';
    for (const c of refs(page.dict, 'Contents')) {
      const content = all.get(c).data.toString('latin1');
      let font = null, actual = null;
      const ops = /\/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>\s*Tj|\[((?:[^\]])*)\]\s*TJ|\/ActualText\s*<([0-9A-Fa-f]+)>|\bEMC\b|\bET\b/g;
      let m;
      while ((m = ops.exec(content))) {
        if (m[1]) font = byName[m[1]];
        else if (m[2] !== undefined) { if (actual === null) text += show(font, m[2]); }
        else if (m[3] !== undefined) { if (actual === null) for (const h of m[3].matchAll(/<([0-9A-Fa-f\s]*)>/g)) text += show(font, h[1]); }
        else if (m[4]) { actual = utf16(m[4]); text += actual; }
        else if (m[0] === 'EMC') actual = null;
        else if (m[0] === 'ET') text += '\n';
      }
    }
    return text;
  });
}
