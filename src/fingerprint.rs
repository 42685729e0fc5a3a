//! Fingerprints: a 64-bit hash of a value, the same in every run of the same binary, which
//! is all it takes to tell whether what a file is made of changed since the last build.

use std::hash::{DefaultHasher, Hash, Hasher};

/// The fingerprint of `value` (SipHash with fixed keys).
pub fn of(value: &impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
