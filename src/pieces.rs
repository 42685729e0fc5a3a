//! Parts of the whole-site files, each made once: a benefit's line in the printed catalog of
//! every region it applies in, an entry's record in the open data, its row in the search
//! results. A piece is known by the fingerprint of its inputs; the preview keeps them
//! between builds, so that a save makes only the pieces of the entries it changed and puts
//! the files together from the rest.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// Made pieces by fingerprint.
#[derive(Default)]
pub struct Pieces {
    /// Keep every piece for the next build (the preview), or only those used twice (a
    /// one-off build, where an entry's record in the open data is used once).
    remember: bool,
    made: Mutex<HashMap<u64, Arc<str>>>,
    /// The fingerprints used by this build, to forget the rest after it.
    used: Mutex<HashSet<u64>>,
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
        if self.remember {
            if let Ok(mut used) = self.used.lock() {
                used.insert(key);
            }
        }
        if let Some(piece) = self.made.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(piece);
        }
        // Made outside the lock: two threads may make the same piece, never wait on it.
        let piece: Arc<str> = make()?.into();
        if self.remember || shared {
            if let Ok(mut made) = self.made.lock() {
                made.insert(key, piece.clone());
            }
        }
        Ok(piece)
    }

    /// Forgets the pieces the last build did not use, and starts counting anew.
    pub fn forget_unused(&mut self) {
        let used = std::mem::take(self.used.get_mut().unwrap_or_else(|e| e.into_inner()));
        if let Ok(made) = self.made.get_mut() {
            made.retain(|key, _| used.contains(key));
        }
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

        let once = Pieces::default();
        once.get(2, false, make).unwrap();
        once.get(2, false, make).unwrap();
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 4);
        once.get(3, true, make).unwrap();
        once.get(3, true, make).unwrap();
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 5);
    }
}
