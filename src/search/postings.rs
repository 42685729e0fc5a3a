//! The binary format `search.js` reads: varints, sorted entry numbers as gaps or bitmaps,
//! and index fragments that hold the posting lists of the tokens that hash to them.
//!
//! A fragment is a sequence of records
//! `varint(token length) token varint(payload length) payload`, where the payload is three
//! lists, the entries that have the token in their title, in their summary (best), and in
//! their body (best); an entry is in one list only. A list is `varint(2n + mode)`, then
//! either (mode 0) n varints: the first entry number and the gaps to the next, or (mode 1)
//! `varint(start) varint(bytes)` and a bitmap whose bit k of byte j is entry start+8j+k.
//! Each list takes whichever form is shorter, so a token found in most entries costs at most
//! one bit per entry.

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

/// One fragment file from its tokens, which the caller gives in a stable order.
pub fn encode_fragment<'a>(entries: impl IntoIterator<Item = (&'a str, &'a Postings)>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut payload = Vec::new();
    for (token, postings) in entries {
        payload.clear();
        for list in &postings.lists {
            push_list(&mut payload, list);
        }
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

    pub fn fragment(bytes: &[u8]) -> Vec<(String, Postings)> {
        let mut pos = 0;
        let mut out = Vec::new();
        while pos < bytes.len() {
            let len = varint(bytes, &mut pos) as usize;
            let token = String::from_utf8(bytes[pos..pos + len].to_vec()).unwrap();
            pos += len;
            let _payload = varint(bytes, &mut pos);
            let mut p = Postings::default();
            for l in &mut p.lists {
                *l = list(bytes, &mut pos);
            }
            out.push((token, p));
        }
        out
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
        let bytes = encode_fragment([("医疗", &sparse), ("#g:veteran", &dense)]);
        let back = decode::fragment(&bytes);
        assert_eq!(
            back,
            vec![
                ("医疗".to_string(), sparse),
                ("#g:veteran".to_string(), dense)
            ]
        );
    }

    #[test]
    fn a_dense_list_costs_a_bit_per_entry() {
        let mut out = Vec::new();
        push_list(&mut out, &(0..8000).collect::<Vec<_>>());
        assert!(out.len() < 1010, "{}", out.len());
    }
}
