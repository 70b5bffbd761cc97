//! The repeat-token fast path: a bounded cache of verified tokens over caller-provided
//! storage (no heap), shared by every binding. Locking is the caller's; with the `std`
//! feature, `SharedTokenCache` wraps it in a mutex.
//!
//! An entry holds a copy of the whole token, the decoded header and payload JSON, where the
//! header's and the claims' members sit in them, the algorithm, the time claims and the
//! clock skew. A lookup hashes the token (a fast word-wise hash), then compares the whole
//! token byte for byte with the entry, so a hash collision or a prefix can never return
//! another token's result; then it re-checks `exp`, `nbf` and `iat` against `now` with the
//! entry's skew, exactly as a fresh verification would, and copies the decoded JSON into the
//! caller's buffer. Only tokens that verified (signature and every claim) are stored; a
//! failed verification is never cached.

use crate::claims::ClaimSpans;
use crate::header::HeaderSpans;
use crate::verify::{Layout, Views};
use crate::{
    Algorithm, Claims, CryptoProvider, Error, Header, JsonObject, TimeClaims, UnixTimeMs,
    VerifiedBuffer, VerifiedToken, Verifier,
};

/// Bytes of token plus decoded JSON one cache slot holds: 4096. A token whose length plus
/// decoded header and payload exceed it (a token of more than about 2300 bytes) is verified
/// every time, never cached.
pub const CACHE_SLOT_BYTES: usize = 4096;

/// The capacity the bindings use by default: 256 slots (about 1.1 MiB per verifier, see
/// [`CacheSlot::SIZE`]).
pub const DEFAULT_CACHE_CAPACITY: usize = 256;

/// Slots a token may occupy: its hash picks the first of `WAYS` consecutive slots.
const WAYS: usize = 4;

/// One entry of a [`TokenCache`]. Make storage with `[CacheSlot::EMPTY; N]` (no heap) or
/// `vec![CacheSlot::default(); n]`.
#[derive(Clone, Debug)]
pub struct CacheSlot {
    /// The id of the verifier that verified the token; `None` when empty.
    verifier: Option<usize>,
    hash: u64,
    /// Last use, for eviction (least recently used within the token's ways).
    stamp: u64,
    /// Which insert filled the slot (the cache's insert count then), for [`CacheTicket`]s.
    serial: u64,
    token_len: u16,
    header_len: u16,
    payload_len: u16,
    alg: Algorithm,
    times: TimeClaims,
    clock_skew_ms: i64,
    header: HeaderSpans,
    claims: ClaimSpans,
    /// token | header JSON | payload JSON.
    bytes: [u8; CACHE_SLOT_BYTES],
}

impl CacheSlot {
    /// An empty slot.
    pub const EMPTY: CacheSlot = CacheSlot {
        verifier: None,
        hash: 0,
        stamp: 0,
        serial: 0,
        token_len: 0,
        header_len: 0,
        payload_len: 0,
        alg: Algorithm::RS256,
        times: TimeClaims {
            expires_at: UnixTimeMs(0),
            not_before: None,
            issued_at: None,
        },
        clock_skew_ms: 0,
        header: HeaderSpans::EMPTY,
        claims: ClaimSpans::EMPTY,
        bytes: [0; CACHE_SLOT_BYTES],
    };

    /// Bytes of memory one slot takes.
    pub const SIZE: usize = core::mem::size_of::<CacheSlot>();

    fn token(&self) -> &[u8] {
        &self.bytes[..usize::from(self.token_len)]
    }

    /// The header and payload JSON texts.
    fn json(&self) -> (&[u8], &[u8]) {
        let h = usize::from(self.token_len);
        let p = h + usize::from(self.header_len);
        (
            &self.bytes[h..p],
            &self.bytes[p..p + usize::from(self.payload_len)],
        )
    }
}

impl Default for CacheSlot {
    fn default() -> Self {
        CacheSlot::EMPTY
    }
}

/// Counters of a [`TokenCache`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Lookups answered from the cache (time re-checks included, whatever their outcome).
    pub hits: u64,
    /// Lookups that found nothing (the token was then verified in full).
    pub misses: u64,
    /// Tokens stored.
    pub inserts: u64,
}

/// Names the cache entry of one verified token, for a binding that keeps its own converted
/// form of the result (a JavaScript object, say) next to the token it matched exactly:
/// [`TokenCache::recheck`] then answers for that token from the entry without the token
/// bytes. A ticket goes stale, never wrong, when its slot is evicted, cleared or refilled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheTicket {
    /// The slot's index.
    pub slot: u32,
    /// The slot's insert serial (see [`CacheStats::inserts`]).
    pub serial: u64,
}

/// A bounded cache of verified tokens over caller-provided slots (`S` is any
/// `AsRef<[CacheSlot]> + AsMut<[CacheSlot]>`: an array, a `Vec`, a `Box<[CacheSlot]>`).
///
/// Use one cache per verifier: entries carry the id of the verifier that verified them
/// (clones of a verifier share it), and a lookup with any other verifier misses. A hit
/// returns the same result type as a fresh verification and never skips the time checks.
/// `&mut self` everywhere: share it between threads behind a lock (`SharedTokenCache`
/// with the `std` feature). Capacity 0 is valid: every lookup misses, nothing is stored.
#[derive(Clone, Debug)]
pub struct TokenCache<S> {
    slots: S,
    clock: u64,
    stats: CacheStats,
}

/// Outcome of [`TokenCache::probe`].
enum Probe {
    /// The slot holding this token, for this verifier, whose time checks passed and whose
    /// JSON fits the caller's buffer.
    Hit(usize),
    /// Found, but a time check failed: the error a fresh verification gives.
    Failed(Error),
    Miss,
}

/// A fast, non-cryptographic 64-bit hash of the whole token (word-wise multiply-rotate with
/// a final avalanche). Collisions only cost a miss: every hit is confirmed byte for byte.
fn token_hash(token: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = (token.len() as u64).wrapping_mul(K) ^ 0x243f_6a88_85a3_08d3;
    let mut words = token.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K).rotate_left(31);
    }
    // Shifts, not a byte copy (which would be a memcpy call and a store-forwarding stall).
    let last = words
        .remainder()
        .iter()
        .enumerate()
        .fold(0u64, |w, (k, &b)| w | u64::from(b) << (8 * k));
    h = (h ^ last).wrapping_mul(K);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

impl<S: AsRef<[CacheSlot]> + AsMut<[CacheSlot]>> TokenCache<S> {
    /// A cache over `slots` (cleared first).
    pub fn new(mut slots: S) -> TokenCache<S> {
        for slot in slots.as_mut() {
            slot.verifier = None;
        }
        TokenCache {
            slots,
            clock: 0,
            stats: CacheStats::default(),
        }
    }

    /// Number of slots.
    pub fn capacity(&self) -> usize {
        self.slots.as_ref().len()
    }

    /// Tokens held now.
    pub fn len(&self) -> usize {
        self.slots
            .as_ref()
            .iter()
            .filter(|s| s.verifier.is_some())
            .count()
    }

    /// Whether no token is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops every entry (the counters stay).
    pub fn clear(&mut self) {
        for slot in self.slots.as_mut() {
            slot.verifier = None;
        }
    }

    /// The counters.
    pub fn stats(&self) -> CacheStats {
        self.stats
    }

    /// The slots a token with this hash may occupy.
    fn ways(&self, hash: u64) -> impl Iterator<Item = usize> {
        let n = self.capacity();
        let first = if n == 0 {
            0
        } else {
            (hash % n as u64) as usize
        };
        (0..WAYS.min(n)).map(move |k| (first + k) % n)
    }

    /// Finds `token` for `verifier` and re-checks its time claims at `now`; `room` is the
    /// caller's buffer length (a hit must fit it).
    fn probe<P: CryptoProvider>(
        &mut self,
        verifier: &Verifier<P>,
        token: &[u8],
        now: UnixTimeMs,
        room: usize,
    ) -> Probe {
        let Some(id) = verifier.id() else {
            return Probe::Miss;
        };
        let hash = token_hash(token);
        let found = self.ways(hash).find(|&i| {
            let s = &self.slots.as_ref()[i];
            s.verifier == Some(id) && s.hash == hash && s.token() == token
        });
        let Some(i) = found else {
            self.stats.misses += 1;
            return Probe::Miss;
        };
        if let Err(e) = self.check_hit(i, now) {
            return Probe::Failed(e);
        }
        let slot = &mut self.slots.as_mut()[i];
        if usize::from(slot.header_len) + usize::from(slot.payload_len) > room {
            return Probe::Miss; // the caller's buffer is too small: let verification say so
        }
        slot.stamp = self.clock;
        Probe::Hit(i)
    }

    /// A hit on slot `i`: counts it and re-checks the time claims at `now` with the entry's
    /// skew; a token that expired is dropped (expired for good, at any later `now`). The
    /// caller marks a hit it answers as the most recently used (`stamp = clock`).
    fn check_hit(&mut self, i: usize, now: UnixTimeMs) -> Result<(), Error> {
        self.stats.hits += 1;
        self.clock += 1;
        let slot = &mut self.slots.as_mut()[i];
        let checked = slot.times.check(now, slot.clock_skew_ms);
        if checked == Err(Error::Expired) {
            slot.verifier = None;
        }
        checked
    }

    /// Copies slot `i`'s JSON to the front of `buf` (which [`TokenCache::probe`] found
    /// large enough); the layout of a verification buffer.
    fn copy_out(&self, i: usize, buf: &mut [u8]) -> Layout {
        let (header, payload) = self.slots.as_ref()[i].json();
        let (h, p) = (header.len(), payload.len());
        buf[..h].copy_from_slice(header);
        buf[h..h + p].copy_from_slice(payload);
        Layout {
            header_len: h,
            payload_start: h,
            payload_end: h + p,
        }
    }

    /// Slot `i`'s verified token over `buf`, into which [`TokenCache::copy_out`] copied it.
    fn token_in<'b>(&self, i: usize, layout: Layout, buf: &'b [u8]) -> VerifiedToken<'b> {
        let slot = &self.slots.as_ref()[i];
        // The texts are byte copies of validated UTF-8 JSON objects.
        let text = |r: core::ops::Range<usize>| {
            buf.get(r)
                .and_then(|b| core::str::from_utf8(b).ok())
                .map_or_else(JsonObject::empty, JsonObject::from_validated)
        };
        let header = text(0..layout.header_len);
        let claims = text(layout.payload_start..layout.payload_end);
        VerifiedToken::from_parts(
            Header::from_spans(header, &slot.header),
            Claims::from_spans(claims, &slot.claims),
            slot.alg,
            slot.times,
        )
    }

    /// The cached result for `token`, if this verifier stored it: `Some(Ok)` with the
    /// decoded token in `buf` (same as [`Verifier::verify`] gives), `Some(Err)` when a time
    /// check fails now (the error a fresh verification gives), `None` on a miss (verify,
    /// then [`TokenCache::insert`]). For bindings that lock around the lookup and the insert
    /// but not around the verification.
    pub fn lookup<'b, P: CryptoProvider>(
        &mut self,
        verifier: &Verifier<P>,
        token: &[u8],
        now: UnixTimeMs,
        buf: &'b mut [u8],
    ) -> Option<Result<VerifiedToken<'b>, Error>> {
        match self.probe(verifier, token, now, buf.len()) {
            Probe::Miss => None,
            Probe::Failed(e) => Some(Err(e)),
            Probe::Hit(i) => {
                let layout = self.copy_out(i, buf);
                Some(Ok(self.token_in(i, layout, buf)))
            }
        }
    }

    /// Like [`TokenCache::lookup`], into an owned buffer (see [`Verifier::verify_owned`]);
    /// the buffer comes back on a miss.
    pub fn lookup_owned<B: AsRef<[u8]> + AsMut<[u8]>, P: CryptoProvider>(
        &mut self,
        verifier: &Verifier<P>,
        token: &[u8],
        now: UnixTimeMs,
        mut buf: B,
    ) -> Result<Result<VerifiedBuffer<B>, Error>, B> {
        match self.probe(verifier, token, now, buf.as_mut().len()) {
            Probe::Miss => Err(buf),
            Probe::Failed(e) => Ok(Err(e)),
            Probe::Hit(i) => {
                let layout = self.copy_out(i, buf.as_mut());
                let slot = &self.slots.as_ref()[i];
                // The JSON texts were copied to the front of `buf`, exactly the objects.
                let views = Views {
                    header: (0, layout.header_len),
                    payload: (layout.payload_start, layout.payload_end),
                    header_spans: slot.header,
                    claim_spans: slot.claims,
                };
                Ok(Ok(VerifiedBuffer::from_parts(
                    buf,
                    layout,
                    slot.alg,
                    slot.times,
                    Some(views),
                )))
            }
        }
    }

    /// The entry `ticket` names, for `verifier`, re-checked at `now` like a hit: `Some(Ok)`
    /// when the token still verifies (it is the token the ticket was issued for),
    /// `Some(Err)` when a time check fails now (the error a fresh verification gives), `None`
    /// when the ticket is stale (the slot was evicted, cleared or refilled, or belongs to
    /// another verifier): then verify the token again.
    pub fn recheck<P: CryptoProvider>(
        &mut self,
        verifier: &Verifier<P>,
        ticket: CacheTicket,
        now: UnixTimeMs,
    ) -> Option<Result<(), Error>> {
        let id = verifier.id()?;
        let i = usize::try_from(ticket.slot).ok()?;
        let slot = self.slots.as_ref().get(i)?;
        if slot.verifier != Some(id) || slot.serial != ticket.serial {
            return None;
        }
        let checked = self.check_hit(i, now);
        if checked.is_ok() {
            self.slots.as_mut()[i].stamp = self.clock;
        }
        Some(checked)
    }

    /// The ticket of the entry that holds `token` for `verifier`, if any (after a hit or an
    /// insert); found like a lookup (hash, then the whole token compared), without counting
    /// a hit or checking times.
    pub fn ticket<P: CryptoProvider>(
        &self,
        verifier: &Verifier<P>,
        token: &[u8],
    ) -> Option<CacheTicket> {
        let id = verifier.id()?;
        let hash = token_hash(token);
        let slots = self.slots.as_ref();
        self.ways(hash)
            .find(|&i| {
                let s = &slots[i];
                s.verifier == Some(id) && s.hash == hash && s.token() == token
            })
            .map(|i| CacheTicket {
                slot: i as u32, // capacity is far below u32::MAX slots
                serial: slots[i].serial,
            })
    }

    /// Stores `token`, which `verifier` just verified into `verified` (at any `now`: the
    /// time claims are re-checked on every hit). Does nothing when the capacity is 0, the
    /// verifier has no id, or the token and its JSON exceed [`CACHE_SLOT_BYTES`]. Evicts the
    /// least recently used of the token's slots when they are all taken.
    pub fn insert<P: CryptoProvider>(
        &mut self,
        verifier: &Verifier<P>,
        token: &[u8],
        verified: &VerifiedToken<'_>,
    ) {
        let (Some(id), false) = (verifier.id(), self.capacity() == 0) else {
            return;
        };
        let header = verified.header().json().raw_json().as_bytes();
        let payload = verified.payload_json().as_bytes();
        let total = token.len() + header.len() + payload.len();
        let (Some(header_spans), Some(claim_spans)) =
            (verified.header().spans(), verified.claims().spans())
        else {
            return;
        };
        if total > CACHE_SLOT_BYTES {
            return;
        }
        let hash = token_hash(token);
        let slots = self.slots.as_ref();
        let same = |i: &usize| {
            let s = &slots[*i];
            s.verifier == Some(id) && s.hash == hash && s.token() == token
        };
        let Some(i) = self
            .ways(hash)
            .find(same)
            .or_else(|| self.ways(hash).find(|&i| slots[i].verifier.is_none()))
            .or_else(|| self.ways(hash).min_by_key(|&i| slots[i].stamp))
        else {
            return;
        };
        self.clock += 1;
        self.stats.inserts += 1;
        let slot = &mut self.slots.as_mut()[i];
        slot.verifier = Some(id);
        slot.hash = hash;
        slot.stamp = self.clock;
        slot.serial = self.stats.inserts;
        // Lengths fit u16: the total is at most CACHE_SLOT_BYTES.
        slot.token_len = token.len() as u16;
        slot.header_len = header.len() as u16;
        slot.payload_len = payload.len() as u16;
        slot.alg = verified.algorithm();
        slot.times = verified.times();
        slot.clock_skew_ms = verifier.clock_skew_ms();
        slot.header = header_spans;
        slot.claims = claim_spans;
        let (t, rest) = slot.bytes.split_at_mut(token.len());
        t.copy_from_slice(token);
        let (h, rest) = rest.split_at_mut(header.len());
        h.copy_from_slice(header);
        rest[..payload.len()].copy_from_slice(payload);
    }

    /// [`Verifier::verify`] with this cache: a hit is answered from the cache (time claims
    /// re-checked at `now`), a miss is verified in full and stored if it verifies.
    pub fn verify<'b, P: CryptoProvider>(
        &mut self,
        verifier: &Verifier<P>,
        token: &[u8],
        now: UnixTimeMs,
        buf: &'b mut [u8],
    ) -> Result<VerifiedToken<'b>, Error> {
        match self.probe(verifier, token, now, buf.len()) {
            Probe::Failed(e) => Err(e),
            Probe::Hit(i) => {
                let layout = self.copy_out(i, buf);
                Ok(self.token_in(i, layout, buf))
            }
            Probe::Miss => {
                let verified = verifier.verify(token, now, buf)?;
                self.insert(verifier, token, &verified);
                Ok(verified)
            }
        }
    }

    /// [`Verifier::verify_owned`] with this cache (see [`TokenCache::verify`]).
    pub fn verify_owned<B: AsRef<[u8]> + AsMut<[u8]>, P: CryptoProvider>(
        &mut self,
        verifier: &Verifier<P>,
        token: &[u8],
        now: UnixTimeMs,
        buf: B,
    ) -> Result<VerifiedBuffer<B>, Error> {
        match self.lookup_owned(verifier, token, now, buf) {
            Ok(result) => result,
            Err(buf) => {
                let verified = verifier.verify_owned(token, now, buf)?;
                self.insert(verifier, token, &verified.token());
                Ok(verified)
            }
        }
    }
}

/// A [`TokenCache`] behind a mutex, for bindings that share one verifier between threads
/// (feature `std`). The lock is held only to look up (hash, compare, copy: well under a
/// microsecond) and to insert, never during a verification. A mutex rather than a
/// read-write lock because every hit writes (the eviction stamp and the counters).
/// A poisoned lock (a panic while holding it; nothing in the cache panics) is taken over.
#[cfg(feature = "std")]
#[derive(Debug)]
pub struct SharedTokenCache {
    inner: Option<std::sync::Mutex<TokenCache<std::vec::Vec<CacheSlot>>>>,
}

#[cfg(feature = "std")]
impl SharedTokenCache {
    /// A cache of `capacity` slots ([`CacheSlot::SIZE`] bytes each, allocated now); 0 turns
    /// caching off (every call verifies in full). Bindings default to
    /// [`DEFAULT_CACHE_CAPACITY`].
    pub fn new(capacity: usize) -> SharedTokenCache {
        SharedTokenCache {
            inner: (capacity > 0).then(|| {
                std::sync::Mutex::new(TokenCache::new(std::vec![CacheSlot::EMPTY; capacity]))
            }),
        }
    }

    /// A cache that caches nothing.
    pub fn disabled() -> SharedTokenCache {
        SharedTokenCache { inner: None }
    }

    fn lock(&self) -> Option<std::sync::MutexGuard<'_, TokenCache<std::vec::Vec<CacheSlot>>>> {
        let m = self.inner.as_ref()?;
        Some(m.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Number of slots (0 when off).
    pub fn capacity(&self) -> usize {
        self.lock().map_or(0, |c| c.capacity())
    }

    /// The counters (all zero when off).
    pub fn stats(&self) -> CacheStats {
        self.lock().map_or_else(CacheStats::default, |c| c.stats())
    }

    /// Drops every entry.
    pub fn clear(&self) {
        if let Some(mut c) = self.lock() {
            c.clear();
        }
    }

    /// [`Verifier::verify_owned`] with this cache; thread-safe, the verification itself
    /// runs outside the lock. Use one cache per verifier (another verifier's lookups miss).
    pub fn verify_owned<B: AsRef<[u8]> + AsMut<[u8]>, P: CryptoProvider>(
        &self,
        verifier: &Verifier<P>,
        token: &[u8],
        now: UnixTimeMs,
        buf: B,
    ) -> Result<VerifiedBuffer<B>, Error> {
        let buf = match self.lock() {
            Some(mut cache) => match cache.lookup_owned(verifier, token, now, buf) {
                Ok(result) => return result,
                Err(buf) => buf,
            },
            None => buf,
        };
        let verified = verifier.verify_owned(token, now, buf)?;
        if let Some(mut cache) = self.lock() {
            cache.insert(verifier, token, &verified.token());
        }
        Ok(verified)
    }

    /// [`Verifier::authenticate_request`] with this cache: the same request rules, with the
    /// selected session token verified through [`SharedTokenCache::verify_owned`] (a hit
    /// re-checks `exp`, `nbf` and `iat` at `now`, so an expired cached token signs out with
    /// the same handshake reason as a fresh verification).
    pub fn authenticate_request<'r, B: AsRef<[u8]> + AsMut<[u8]>, P: CryptoProvider>(
        &self,
        verifier: &Verifier<P>,
        request: &crate::RequestParts<'r>,
        now: UnixTimeMs,
        buf: B,
    ) -> crate::RequestState<'r, B> {
        verifier.authenticate_in(request, now, buf, |token, buf| {
            self.verify_owned(verifier, token, now, buf)
        })
    }

    /// [`SharedTokenCache::verify`], and then the [`CacheTicket`] of the entry holding the
    /// token when it verified and is cached (`None` when caching is off, the token failed,
    /// or it was not stored): a binding keeps the ticket next to its own converted result and
    /// answers later calls for the very same token with [`SharedTokenCache::recheck`].
    pub fn verify_with_ticket<'b, P: CryptoProvider>(
        &self,
        verifier: &Verifier<P>,
        token: &[u8],
        now: UnixTimeMs,
        buf: &'b mut [u8],
    ) -> (Result<VerifiedToken<'b>, Error>, Option<CacheTicket>) {
        let result = self.verify(verifier, token, now, buf);
        let ticket = match result {
            Ok(_) => self.lock().and_then(|c| c.ticket(verifier, token)),
            Err(_) => None,
        };
        (result, ticket)
    }

    /// [`TokenCache::recheck`] under the lock: `None` when the ticket is stale (or caching
    /// is off), else the outcome for the ticket's token at `now`.
    pub fn recheck<P: CryptoProvider>(
        &self,
        verifier: &Verifier<P>,
        ticket: CacheTicket,
        now: UnixTimeMs,
    ) -> Option<Result<(), Error>> {
        self.lock()?.recheck(verifier, ticket, now)
    }

    /// [`Verifier::verify`] with this cache (see [`SharedTokenCache::verify_owned`]).
    pub fn verify<'b, P: CryptoProvider>(
        &self,
        verifier: &Verifier<P>,
        token: &[u8],
        now: UnixTimeMs,
        buf: &'b mut [u8],
    ) -> Result<VerifiedToken<'b>, Error> {
        if let Some(mut cache) = self.lock() {
            match cache.probe(verifier, token, now, buf.len()) {
                Probe::Failed(e) => return Err(e),
                Probe::Hit(i) => {
                    // Views are made under the lock: the slot may be reused right after.
                    let layout = cache.copy_out(i, buf);
                    return Ok(cache.token_in(i, layout, buf));
                }
                Probe::Miss => {}
            }
        }
        let verified = verifier.verify(token, now, buf)?;
        if let Some(mut cache) = self.lock() {
            cache.insert(verifier, token, &verified);
        }
        Ok(verified)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two tokens whose hashes are made equal (a forced collision) still never answer for
    /// each other: every hit compares the whole token.
    #[test]
    fn a_hash_collision_is_a_miss() {
        let mut b = Verifier::builder();
        b.add_hmac_secret(&[7u8; 32]).unwrap();
        let v = b.build().unwrap();
        let header = br#"{"alg":"HS256"}"#;
        let payload = br#"{"sub":"u","exp":2000000000}"#;
        let mut buf = [0u8; 256];
        let mut cache = TokenCache::new([CacheSlot::EMPTY]);
        // Not a verifiable token: store its (fake) verified views directly.
        let h = crate::json::parse_object(header, 4, crate::json::Numbers::Finite).unwrap();
        let p = crate::json::parse_object(payload, 4, crate::json::Numbers::Any).unwrap();
        let token = VerifiedToken::from_parts(
            Header::scan(h),
            Claims::from_object(p),
            Algorithm::HS256,
            TimeClaims {
                expires_at: UnixTimeMs(2_000_000_000_000),
                not_before: None,
                issued_at: None,
            },
        );
        cache.insert(&v, b"a.b.c", &token);
        assert!(cache
            .lookup(&v, b"a.b.c", UnixTimeMs(0), &mut buf)
            .is_some());
        cache.slots[0].hash = token_hash(b"a.b.d");
        assert!(cache
            .lookup(&v, b"a.b.d", UnixTimeMs(0), &mut buf)
            .is_none());
        assert!(cache
            .lookup(&v, b"a.b.c", UnixTimeMs(0), &mut buf)
            .is_none());
        cache.slots[0].hash = token_hash(b"a.b.c");
        let hit = cache.lookup(&v, b"a.b.c", UnixTimeMs(0), &mut buf);
        assert_eq!(hit.unwrap().unwrap().subject().as_plain(), Some("u"));
    }
}
