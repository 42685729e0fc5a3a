//! The binary format `search.js` reads: varints, sorted entry numbers as gaps or bitmaps,
//! and index fragments that hold the posting lists of the tokens that hash to them, with
//! the result rows of those tokens' first entries.
//!
//! A fragment starts with its row pool, `varint(n)` then n times
//! `varint(gap) varint(row length) row`: the entry number (as the gap from the one before,
//! the first from 0) and its result row (UTF-8 JSON, see `result_row`), for every entry
//! among the first [`FIRST`] of any of its tokens. Then comes a sequence of records
//! `varint(token length) token varint(payload length) payload`, where the payload is three
//! lists, the entries that have the token in their title, in their summary (best), and in
//! their body (best); an entry is in one list only, and after the lists, to the end of the
//! payload, any text the record carries (a synonym's words, a sound's spellings; see
//! `synonyms` and `sounds`). A list is `varint(2n + mode)`, then
//! either (mode 0) n varints: the first entry number and the gaps to the next, or (mode 1)
//! `varint(start) varint(bytes)` and a bitmap whose bit k of byte j is entry start+8j+k.
//! Each list takes whichever form is shorter, so a token found in most entries costs at most
//! one bit per entry.

/// Entries per token whose rows travel with its postings: a first screen of results.
pub const FIRST: usize = 10;

/// 32-bit FNV-1a of the token's UTF-8 bytes: which fragment holds it. `search.js` matches.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

pub fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn varint_len(v: u32) -> usize {
    match v {
        0..=0x7f => 1,
        0x80..=0x3fff => 2,
        0x4000..=0x1f_ffff => 3,
        0x20_0000..=0xfff_ffff => 4,
        _ => 5,
    }
}

/// Appends one list of ascending entry numbers in its shorter form.
pub fn push_list(out: &mut Vec<u8>, ids: &[u32]) {
    let n = ids.len() as u32;
    let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
        push_varint(out, 0);
        return;
    };
    let gaps: usize = varint_len(first)
        + ids
            .windows(2)
            .map(|w| varint_len(w[1] - w[0]))
            .sum::<usize>();
    let bytes = ((last - first) / 8 + 1) as usize;
    let bitmap = varint_len(first) + varint_len(bytes as u32) + bytes;
    if bitmap < gaps {
        push_varint(out, n * 2 + 1);
        push_varint(out, first);
        push_varint(out, bytes as u32);
        let start = out.len();
        out.resize(start + bytes, 0);
        for &id in ids {
            let bit = (id - first) as usize;
            out[start + bit / 8] |= 1 << (bit % 8);
        }
    } else {
        push_varint(out, n * 2);
        push_varint(out, first);
        for w in ids.windows(2) {
            push_varint(out, w[1] - w[0]);
        }
    }
}

/// The entries that hold one token, by the best place they hold it: title, summary, body.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Postings {
    pub lists: [Vec<u32>; 3],
}

impl Postings {
    /// The token's own first results: title matches, then summary, then body, each in
    /// result order. A one-word query shows exactly these first.
    pub fn first(&self) -> impl Iterator<Item = u32> + '_ {
        self.lists.iter().flatten().copied().take(FIRST)
    }
}

/// One fragment file from its row pool (ascending entry numbers with their rows) and its
/// records (name, postings, text), which the caller gives in a stable order.
pub fn encode_fragment<'a>(
    pool: &[(u32, &[u8])],
    records: impl IntoIterator<Item = (&'a str, &'a Postings, &'a str)>,
) -> Vec<u8> {
    let mut out = Vec::new();
    push_varint(&mut out, pool.len() as u32);
    let mut previous = 0;
    for &(entry, row) in pool {
        push_varint(&mut out, entry - previous);
        push_varint(&mut out, row.len() as u32);
        out.extend_from_slice(row);
        previous = entry;
    }
    let mut payload = Vec::new();
    for (token, postings, text) in records {
        payload.clear();
        for list in &postings.lists {
            push_list(&mut payload, list);
        }
        payload.extend_from_slice(text.as_bytes());
        push_varint(&mut out, token.len() as u32);
        out.extend_from_slice(token.as_bytes());
        push_varint(&mut out, payload.len() as u32);
        out.extend_from_slice(&payload);
    }
    out
}

#[cfg(test)]
pub mod decode {
    //! The reader, as `search.js` does it, to prove the format round-trips.
    use super::Postings;

    pub fn varint(bytes: &[u8], pos: &mut usize) -> u32 {
        let (mut v, mut shift) = (0u32, 0);
        loop {
            let b = bytes[*pos];
            *pos += 1;
            v |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }

    pub fn list(bytes: &[u8], pos: &mut usize) -> Vec<u32> {
        let tag = varint(bytes, pos);
        let n = tag / 2;
        let mut ids = Vec::new();
        if n == 0 {
            return ids;
        }
        if tag % 2 == 1 {
            let first = varint(bytes, pos);
            let len = varint(bytes, pos) as usize;
            for j in 0..len * 8 {
                if bytes[*pos + j / 8] & (1 << (j % 8)) != 0 {
                    ids.push(first + j as u32);
                }
            }
            *pos += len;
        } else {
            let mut id = varint(bytes, pos);
            ids.push(id);
            for _ in 1..n {
                id += varint(bytes, pos);
                ids.push(id);
            }
        }
        ids
    }

    /// A fragment's row pool (entry number, row) and its records (name, postings, text).
    pub type Fragment = (Vec<(u32, String)>, Vec<(String, Postings, String)>);

    pub fn fragment(bytes: &[u8]) -> Fragment {
        let mut pos = 0;
        let mut pool = Vec::new();
        let mut entry = 0;
        for _ in 0..varint(bytes, &mut pos) {
            entry += varint(bytes, &mut pos);
            let len = varint(bytes, &mut pos) as usize;
            let row = String::from_utf8(bytes[pos..pos + len].to_vec()).unwrap();
            pos += len;
            pool.push((entry, row));
        }
        let mut out = Vec::new();
        while pos < bytes.len() {
            let len = varint(bytes, &mut pos) as usize;
            let token = String::from_utf8(bytes[pos..pos + len].to_vec()).unwrap();
            pos += len;
            let end = varint(bytes, &mut pos) as usize + pos;
            let mut p = Postings::default();
            for l in &mut p.lists {
                *l = list(bytes, &mut pos);
            }
            let text = String::from_utf8(bytes[pos..end].to_vec()).unwrap();
            pos = end;
            out.push((token, p, text));
        }
        (pool, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_reference() {
        assert_eq!(fnv1a(b""), 0x811c9dc5);
        assert_eq!(fnv1a(b"a"), 0xe40c292c);
    }

    #[test]
    fn lists_round_trip_in_both_forms() {
        let sparse = Postings {
            lists: [vec![3, 900, 70000], vec![], vec![1]],
        };
        let dense = Postings {
            lists: [
                (100..400).collect(),
                (1000..1100).step_by(2).collect(),
                vec![],
            ],
        };
        let pool: [(u32, &[u8]); 2] = [(3, b"[\"b\"]"), (900, "[\"管|理\"]".as_bytes())];
        let none = Postings::default();
        let bytes = encode_fragment(
            &pool,
            [
                ("医疗", &sparse, ""),
                ("#g:veteran", &dense, ""),
                ("?dai'zen", &none, "待证代征"),
            ],
        );
        let (rows, tokens) = decode::fragment(&bytes);
        assert_eq!(
            rows,
            vec![(3, "[\"b\"]".to_string()), (900, "[\"管|理\"]".to_string())]
        );
        assert_eq!(
            tokens,
            vec![
                ("医疗".to_string(), sparse, String::new()),
                ("#g:veteran".to_string(), dense, String::new()),
                ("?dai'zen".to_string(), none, "待证代征".to_string())
            ]
        );
    }

    #[test]
    fn a_token_ranks_title_then_summary_then_body_first() {
        let p = Postings {
            lists: [vec![40, 41], (0..5).collect(), (100..200).collect()],
        };
        let first: Vec<u32> = p.first().collect();
        assert_eq!(first, [40, 41, 0, 1, 2, 3, 4, 100, 101, 102]);
    }

    #[test]
    fn a_dense_list_costs_a_bit_per_entry() {
        let mut out = Vec::new();
        push_list(&mut out, &(0..8000).collect::<Vec<_>>());
        assert!(out.len() < 1010, "{}", out.len());
    }
}
