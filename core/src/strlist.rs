//! Fixed-capacity lists of configured strings (authorized parties, audiences, ...).

use crate::limits::{MAX_LIST_BYTES, MAX_LIST_ENTRIES};
use crate::{Error, JsonStr};

/// Up to [`MAX_LIST_ENTRIES`] strings totalling at most [`MAX_LIST_BYTES`] bytes, stored
/// inline. Comparison is exact (code point by code point, no normalisation).
#[derive(Clone, Debug)]
pub struct StrList {
    bytes: [u8; MAX_LIST_BYTES],
    ends: [u16; MAX_LIST_ENTRIES],
    count: usize,
}

impl StrList {
    /// An empty list.
    pub const fn new() -> StrList {
        StrList {
            bytes: [0; MAX_LIST_BYTES],
            ends: [0; MAX_LIST_ENTRIES],
            count: 0,
        }
    }

    /// Appends `s`; [`Error::InvalidOption`] when over capacity.
    pub fn push(&mut self, s: &str) -> Result<(), Error> {
        let start = self
            .count
            .checked_sub(1)
            .map_or(0, |i| self.ends[i] as usize);
        let end = start + s.len();
        if self.count == MAX_LIST_ENTRIES || end > MAX_LIST_BYTES {
            return Err(Error::InvalidOption);
        }
        self.bytes[start..end].copy_from_slice(s.as_bytes());
        self.ends[self.count] = end as u16;
        self.count += 1;
        Ok(())
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.count).map(move |i| {
            let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
            core::str::from_utf8(&self.bytes[start..self.ends[i] as usize]).unwrap_or("")
        })
    }

    /// Whether the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether the unescaped `s` equals an entry exactly.
    pub(crate) fn contains(&self, s: JsonStr<'_>) -> bool {
        self.iter().any(|e| s.eq_str(e))
    }
}

impl Default for StrList {
    fn default() -> Self {
        StrList::new()
    }
}
