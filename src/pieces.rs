//! Parts of the whole-site files, each made once: a benefit's line in the printed catalog of
//! every region it applies in, an entry's record in the open data, its row in the search
//! results. A piece is known by the fingerprint of its inputs; the preview keeps them
//! between builds, so that a save makes only the pieces of the entries it changed and puts
//! the files together from the rest.

use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// Made pieces by fingerprint.
#[derive(Default)]
pub struct Pieces {
    /// Keep every piece for the next build (the preview), or only those used twice (a
    /// one-off build, where an entry's record in the open data is used once).
    remember: bool,
    /// Looked up from every rendering thread at once: a lookup takes the lock to read.
    made: RwLock<Made>,
}

/// Each piece with the number of the last build that used it.
#[derive(Default)]
struct Made {
    build: u64,
    pieces: HashMap<u64, (Arc<str>, AtomicU64), BuildHasherDefault<AsIs>>,
}

/// The keys are fingerprints already: hashed again, they would only cost time.
#[derive(Default)]
struct AsIs(u64);

impl Hasher for AsIs {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Made {
    /// The piece of `key`, marked as used by this build.
    fn take(&self, key: u64) -> Option<Arc<str>> {
        self.pieces.get(&key).map(|(piece, used)| {
            used.store(self.build, Ordering::Relaxed);
            piece.clone()
        })
    }

    fn put(&mut self, key: u64, piece: Arc<str>) {
        let build = AtomicU64::new(self.build);
        self.pieces.insert(key, (piece, build));
    }
}

impl Pieces {
    /// Pieces kept between builds.
    pub fn kept() -> Pieces {
        Pieces {
            remember: true,
            ..Pieces::default()
        }
    }

    /// The piece of fingerprint `key`, made by `make` unless it was made before. `shared`
    /// says that this build asks for it more than once.
    pub fn get<E>(
        &self,
        key: u64,
        shared: bool,
        make: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<str>, E> {
        if let Some(piece) = self.made.read().ok().and_then(|m| m.take(key)) {
            return Ok(piece);
        }
        // Made outside the lock: two threads may make the same piece, never wait on it.
        let piece: Arc<str> = make()?.into();
        if self.remember || shared {
            if let Ok(mut made) = self.made.write() {
                made.put(key, piece.clone());
            }
        }
        Ok(piece)
    }

    /// The pieces of fingerprints `keys`, the missing ones made by `make` (given the
    /// position in `keys`) on every core: one look under the lock for all of them.
    pub fn get_all<E: Send>(
        &self,
        keys: &[u64],
        make: impl Fn(usize) -> Result<String, E> + Sync,
    ) -> Result<Vec<Arc<str>>, E> {
        let found: Vec<Option<Arc<str>>> = match self.made.read() {
            Ok(made) => keys.iter().map(|&k| made.take(k)).collect(),
            Err(_) => vec![None; keys.len()],
        };
        let missing: Vec<usize> = (0..keys.len()).filter(|&i| found[i].is_none()).collect();
        let pieces: Vec<Arc<str>> = found
            .into_par_iter()
            .enumerate()
            .map(|(i, found)| match found {
                Some(piece) => Ok(piece),
                None => make(i).map(Arc::from),
            })
            .collect::<Result<_, E>>()?;
        if self.remember && !missing.is_empty() {
            if let Ok(mut made) = self.made.write() {
                for i in missing {
                    made.put(keys[i], pieces[i].clone());
                }
            }
        }
        Ok(pieces)
    }

    /// Forgets the pieces the last build did not use, and starts counting anew.
    pub fn forget_unused(&mut self) {
        let made = self.made.get_mut().unwrap_or_else(|e| e.into_inner());
        let build = made.build;
        made.pieces.retain(|_, (_, used)| *used.get_mut() == build);
        made.build += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_piece_is_made_once_and_forgotten_when_no_build_uses_it() {
        let made = std::sync::atomic::AtomicUsize::new(0);
        let make = || {
            made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok::<_, ()>("<li>一</li>".to_string())
        };
        let mut pieces = Pieces::kept();
        assert_eq!(&*pieces.get(1, false, make).unwrap(), "<li>一</li>");
        assert_eq!(&*pieces.get(1, false, make).unwrap(), "<li>一</li>");
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 1);
        pieces.forget_unused();
        pieces.get(1, false, make).unwrap();
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 1);
        pieces.forget_unused();
        pieces.forget_unused();
        pieces.get(1, false, make).unwrap();
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 2);

        // Many at once: the kept ones are not made again, the others are, and kept.
        let all = pieces.get_all(&[1, 7, 8], |i| Ok::<_, ()>(format!("<li>{i}</li>")));
        let all: Vec<String> = all.unwrap().iter().map(|p| p.to_string()).collect();
        assert_eq!(all, ["<li>一</li>", "<li>1</li>", "<li>2</li>"]);
        pieces.forget_unused();
        let again = pieces.get_all(&[7, 8], |_| Ok::<_, ()>("made again".to_string()));
        let again: Vec<String> = again.unwrap().iter().map(|p| p.to_string()).collect();
        assert_eq!(again, ["<li>1</li>", "<li>2</li>"]);

        let once = Pieces::default();
        once.get(2, false, make).unwrap();
        once.get(2, false, make).unwrap();
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 4);
        once.get(3, true, make).unwrap();
        once.get(3, true, make).unwrap();
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 5);
    }
}
