//! The verification pipeline: options, the verifier, and the proof-carrying result.

use crate::claims::ClaimSpans;
use crate::crypto::{default_provider, CryptoProvider, DynProvider};
use crate::header::HeaderSpans;
use crate::keys::{parse_jwk_json, parse_jwks, parse_pem, Key, KeyMaterial, KeySet};
use crate::limits::{MAX_JSON_DEPTH_CAP, MAX_KEYS, MAX_SIGNATURE_BYTES};
use crate::strlist::StrList;
use crate::time::numeric_date_ms;
use crate::{
    b64url, compact, json, Algorithm, AlgorithmSet, Auth, Claims, Error, Header, JsonObject,
    JsonStr, JsonValue, KeyFamily, Limits, UnixTimeMs,
};

/// Clerk's default clock skew: 5000 ms.
pub const DEFAULT_CLOCK_SKEW_MS: i64 = 5000;

/// Collects keys and options, then builds an immutable [`Verifier`].
///
/// Defaults: no keys, the allow-list derived from the keys (RSA -> RS256, EC P-256 -> ES256,
/// EC P-384 -> ES384, Ed25519 -> EdDSA, HMAC -> HS256, a JWK's own `alg` when it pins one), no
/// authorized parties, audiences or issuers, header type `JWT` (an absent `typ` passes),
/// clock skew 5000 ms, [`Limits::DEFAULT`], and the provider: for [`Verifier::builder`] the
/// `ring` provider when that feature is on (else none); for
/// [`VerifierBuilder::with_provider`] the one given.
///
/// `P` is the crypto provider type (see [`CryptoProvider`]); the default, [`DynProvider`],
/// is any provider without prepared keys chosen at run time.
#[derive(Clone)]
pub struct VerifierBuilder<P: CryptoProvider = DynProvider> {
    keys: KeySet,
    algorithms: Option<AlgorithmSet>,
    authorized_parties: StrList,
    audiences: StrList,
    issuers: StrList,
    header_types: StrList,
    header_type_required: bool,
    clock_skew_ms: i64,
    limits: Limits,
    provider: Option<P>,
}

impl Default for VerifierBuilder {
    fn default() -> Self {
        VerifierBuilder::new()
    }
}

impl VerifierBuilder {
    /// A builder with the documented defaults and the run-time provider: ring when the
    /// `ring` feature is on, else none.
    pub fn new() -> VerifierBuilder {
        VerifierBuilder::with_optional_provider(default_provider())
    }
}

impl<P: CryptoProvider> VerifierBuilder<P> {
    /// A builder with the documented defaults that verifies signatures with `provider`
    /// (for instance `VerifierBuilder::with_provider(AwsLcProvider)`, which gives a
    /// `Verifier<AwsLcProvider>` whose keys the provider parses once, at build).
    pub fn with_provider(provider: P) -> VerifierBuilder<P> {
        VerifierBuilder::with_optional_provider(Some(provider))
    }

    fn with_optional_provider(provider: Option<P>) -> VerifierBuilder<P> {
        VerifierBuilder {
            keys: KeySet::new(),
            algorithms: None,
            authorized_parties: StrList::new(),
            audiences: StrList::new(),
            issuers: StrList::new(),
            header_types: StrList::new(),
            header_type_required: false,
            clock_skew_ms: DEFAULT_CLOCK_SKEW_MS,
            limits: Limits::DEFAULT,
            provider,
        }
    }

    /// Adds a PEM public key (see [`KeyMaterial`] for what is accepted; the env-var form with
    /// literal `\n` and a bare base64 body work). Fails with a `Key*` error.
    pub fn add_pem(&mut self, pem: &[u8]) -> Result<&mut Self, Error> {
        self.add_key(Key::new(parse_pem(pem)?))
    }

    /// Adds one JWK (JSON text). Fails with a `Key*` error, or [`Error::UnknownAlgorithm`] for
    /// an `alg` this crate does not verify.
    pub fn add_jwk(&mut self, json: &[u8]) -> Result<&mut Self, Error> {
        self.add_key(parse_jwk_json(json)?)
    }

    /// Adds every supported key of a JWKS (`{"keys":[...]}`). Keys of unsupported types are
    /// skipped; an invalid supported key fails the whole set, and so does a set that would
    /// exceed [`crate::MAX_KEYS`] ([`Error::KeySetFull`]). A failed call adds no key: the
    /// builder is left as it was.
    pub fn add_jwks(&mut self, json: &[u8]) -> Result<&mut Self, Error> {
        let before = self.keys.keys().len();
        if let Err(e) = parse_jwks(json, &mut self.keys) {
            self.keys.truncate(before);
            return Err(e);
        }
        Ok(self)
    }

    /// Adds an HMAC secret (raw bytes, at least 32).
    pub fn add_hmac_secret(&mut self, secret: &[u8]) -> Result<&mut Self, Error> {
        self.add_key(Key::new(KeyMaterial::hmac(secret)?))
    }

    /// Adds a prepared key.
    pub fn add_key(&mut self, key: Key) -> Result<&mut Self, Error> {
        self.keys.push(key)?;
        Ok(self)
    }

    /// Sets the algorithm allow-list explicitly (replacing the default derived from the keys).
    pub fn algorithms(&mut self, algorithms: AlgorithmSet) -> &mut Self {
        self.algorithms = Some(algorithms);
        self
    }

    /// Adds an authorized party (`azp` must equal one exactly when any is configured; an
    /// empty entry still makes the check active but never matches).
    pub fn authorized_party(&mut self, party: &str) -> Result<&mut Self, Error> {
        self.authorized_parties.push(party)?;
        Ok(self)
    }

    /// Adds an accepted audience. Empty strings are ignored, as Clerk drops falsy values.
    pub fn audience(&mut self, audience: &str) -> Result<&mut Self, Error> {
        if !audience.is_empty() {
            self.audiences.push(audience)?;
        }
        Ok(self)
    }

    /// Adds an accepted issuer (`iss` must equal one exactly when any is configured). Empty
    /// strings are ignored.
    pub fn issuer(&mut self, issuer: &str) -> Result<&mut Self, Error> {
        if !issuer.is_empty() {
            self.issuers.push(issuer)?;
        }
        Ok(self)
    }

    /// Adds an accepted header `typ` (Clerk's `headerType`). Once any is configured, `typ`
    /// is required and must equal one of them (see [`VerifierBuilder::require_header_type`]).
    pub fn header_type(&mut self, typ: &str) -> Result<&mut Self, Error> {
        self.header_types.push(typ)?;
        self.header_type_required = true;
        Ok(self)
    }

    /// Makes `typ` required and limited to the header types added, as Clerk does once its
    /// `headerType` option is given at all: given as an empty list, no token is accepted.
    /// Without this or [`VerifierBuilder::header_type`] (the default), `typ` may be absent
    /// or `"JWT"`.
    pub fn require_header_type(&mut self) -> &mut Self {
        self.header_type_required = true;
        self
    }

    /// Sets the clock skew in milliseconds (default 5000). Zero and negative values are
    /// honoured, as in Clerk.
    pub fn clock_skew_ms(&mut self, skew_ms: i64) -> &mut Self {
        self.clock_skew_ms = skew_ms;
        self
    }

    /// Sets the limits. Fails with [`Error::InvalidOption`] for a zero token size or a depth
    /// of 0 or above [`MAX_JSON_DEPTH_CAP`].
    pub fn limits(&mut self, limits: Limits) -> Result<&mut Self, Error> {
        if limits.max_token_bytes == 0
            || limits.max_json_depth == 0
            || limits.max_json_depth > MAX_JSON_DEPTH_CAP
        {
            return Err(Error::InvalidOption);
        }
        self.limits = limits;
        Ok(self)
    }

    /// Sets the crypto provider (required when the `ring` feature is off, unless only the
    /// two-phase API is used). For a plain [`VerifierBuilder`] any
    /// `&'static dyn CryptoProvider<PreparedKey = ()>`.
    pub fn crypto_provider(&mut self, provider: P) -> &mut Self {
        self.provider = Some(provider);
        self
    }

    /// Builds the verifier. Fails with [`Error::NoUsableAlgorithm`] when an explicit
    /// allow-list has no algorithm that a configured key can verify, and with
    /// [`Error::KeyHmacTooShort`] when a secret is shorter than the output of an allowed HMAC
    /// hash it could be used with (its pinned `alg`, else every allowed HS*).
    ///
    /// The provider prepares (parses) every key here, once, for the algorithms the key may
    /// verify under this verifier; a key the provider cannot use fails later, at
    /// verification, with [`Error::InvalidSignature`].
    pub fn build(&self) -> Result<Verifier<P>, Error>
    where
        P: Clone,
    {
        let keys = self.keys.keys();
        let allowed = match self.algorithms {
            Some(set) => {
                let usable = |alg: Algorithm| {
                    keys.iter().any(|k| {
                        k.material().family() == alg.family() && k.alg().is_none_or(|a| a == alg)
                    })
                };
                if !keys.is_empty() && !set.iter().any(usable) {
                    return Err(Error::NoUsableAlgorithm);
                }
                set
            }
            None => keys.iter().fold(AlgorithmSet::EMPTY, |set, k| {
                k.default_algorithms().iter().fold(set, AlgorithmSet::with)
            }),
        };
        for key in keys
            .iter()
            .filter(|k| k.material().family() == KeyFamily::Hmac)
        {
            let usable =
                |a: &Algorithm| a.family() == KeyFamily::Hmac && key.alg().is_none_or(|p| p == *a);
            if allowed
                .iter()
                .filter(usable)
                .any(|a| key.material().bytes().len() < a.hmac_output_len())
            {
                return Err(Error::KeyHmacTooShort);
            }
        }
        let provider = self.provider.clone();
        let mut prepared = heapless::Vec::new();
        if let Some(p) = &provider {
            for key in keys {
                let algorithms = allowed.iter().fold(AlgorithmSet::EMPTY, |set, a| {
                    if a.family() == key.material().family() && key.alg().is_none_or(|p| p == a) {
                        set.with(a)
                    } else {
                        set
                    }
                });
                // Never fails: the key set holds at most MAX_KEYS keys.
                let _ = prepared.push(p.prepare(key.material(), algorithms));
            }
        }
        Ok(Verifier {
            id: next_verifier_id(),
            keys: self.keys.clone(),
            allowed,
            authorized_parties: self.authorized_parties.clone(),
            audiences: self.audiences.clone(),
            issuers: self.issuers.clone(),
            header_types: self.header_types.clone(),
            header_type_required: self.header_type_required,
            clock_skew_ms: self.clock_skew_ms,
            limits: self.limits,
            provider,
            prepared,
        })
    }
}

/// A process-unique id per built verifier (clones share it), so a token cache can tell the
/// verifier that filled it from any other. `None` on targets without atomic
/// read-modify-write (there, caches never hit).
fn next_verifier_id() -> Option<usize> {
    #[cfg(target_has_atomic = "ptr")]
    {
        use core::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(1);
        match NEXT.fetch_add(1, Ordering::Relaxed) {
            0 => None, // wrapped around: never reuse an id
            id => Some(id),
        }
    }
    #[cfg(not(target_has_atomic = "ptr"))]
    {
        None
    }
}

/// An immutable verifier: keys parsed once (by the provider too, see
/// [`CryptoProvider::prepare`]), options fixed. `Send + Sync`; share it freely.
///
/// `P` is the crypto provider type; the default, [`DynProvider`], is what
/// [`Verifier::builder`] gives. [`VerifierBuilder::with_provider`] builds a verifier over any
/// other provider (for example `Verifier<AwsLcProvider>`).
pub struct Verifier<P: CryptoProvider = DynProvider> {
    id: Option<usize>,
    keys: KeySet,
    allowed: AlgorithmSet,
    authorized_parties: StrList,
    audiences: StrList,
    issuers: StrList,
    header_types: StrList,
    header_type_required: bool,
    clock_skew_ms: i64,
    limits: Limits,
    provider: Option<P>,
    /// The provider's prepared form of each key, in key order (empty without a provider).
    prepared: heapless::Vec<P::PreparedKey, MAX_KEYS>,
}

impl<P: CryptoProvider + Clone> Clone for Verifier<P>
where
    P::PreparedKey: Clone,
{
    fn clone(&self) -> Self {
        Verifier {
            id: self.id,
            keys: self.keys.clone(),
            allowed: self.allowed,
            authorized_parties: self.authorized_parties.clone(),
            audiences: self.audiences.clone(),
            issuers: self.issuers.clone(),
            header_types: self.header_types.clone(),
            header_type_required: self.header_type_required,
            clock_skew_ms: self.clock_skew_ms,
            limits: self.limits,
            provider: self.provider.clone(),
            prepared: self.prepared.clone(),
        }
    }
}

impl<P: CryptoProvider> core::fmt::Debug for Verifier<P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Verifier")
            .field("keys", &self.keys)
            .field("allowed", &self.allowed)
            .field("clock_skew_ms", &self.clock_skew_ms)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// Decodes the base64url `text` into the front of `buf`: (decoded, rest of `buf`).
pub(crate) fn decode_front<'b>(
    text: &[u8],
    buf: &'b mut [u8],
) -> Result<(&'b [u8], &'b mut [u8]), Error> {
    let len = b64url::decoded_len(text.len()).ok_or(Error::Base64)?;
    if len > buf.len() {
        return Err(Error::TokenTooLarge);
    }
    let (front, rest) = buf.split_at_mut(len);
    Ok((b64url::decode(text, front)?, rest))
}

impl Verifier {
    /// A builder with the documented defaults and the run-time provider (ring when the
    /// `ring` feature is on). For another provider type use
    /// [`VerifierBuilder::with_provider`].
    pub fn builder() -> VerifierBuilder {
        VerifierBuilder::new()
    }
}

impl<P: CryptoProvider> Verifier<P> {
    /// The clock skew in milliseconds.
    pub fn clock_skew_ms(&self) -> i64 {
        self.clock_skew_ms
    }

    /// The process-unique id of this verifier (shared by its clones); `None` on targets
    /// without atomic read-modify-write.
    pub(crate) fn id(&self) -> Option<usize> {
        self.id
    }

    /// The effective algorithm allow-list.
    pub fn allowed_algorithms(&self) -> AlgorithmSet {
        self.allowed
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The keys.
    pub fn keys(&self) -> &KeySet {
        &self.keys
    }

    /// Verifies a compact token at time `now`, decoding into `buf` (a buffer of
    /// [`Limits::buffer_len`] bytes always suffices; a smaller one fails with
    /// [`Error::TokenTooLarge`] for tokens that do not fit).
    ///
    /// Pipeline (the first failure wins): size; three canonical base64url segments; header
    /// JSON; `cat`;
    /// key selection by `kid`; `typ`; `alg` in the allow-list and of the key's family; the
    /// signature over the received `header.payload` bytes; only then the payload JSON; then
    /// `sub`, `aud`, `azp`, `iss`, `exp`, `nbf`, `iat` with the clock skew.
    pub fn verify<'b>(
        &self,
        token: &[u8],
        now: UnixTimeMs,
        buf: &'b mut [u8],
    ) -> Result<VerifiedToken<'b>, Error> {
        self.verify_in(token, now, buf, |input| self.provider_check(input))
            .map(|(t, _)| t)
    }

    /// Like [`Verifier::verify`], but the result owns `buf` (any owned byte buffer, e.g. a
    /// `Vec<u8>` or `Box<[u8]>` of [`Limits::buffer_len`] bytes), so bindings can keep a
    /// verified token without borrowing. Views are re-derived from the verified bytes by
    /// [`VerifiedBuffer::token`]; nothing is verified twice.
    pub fn verify_owned<B: AsRef<[u8]> + AsMut<[u8]>>(
        &self,
        token: &[u8],
        now: UnixTimeMs,
        buf: B,
    ) -> Result<VerifiedBuffer<B>, Error> {
        self.verify_owned_in(token, now, buf, |input| self.provider_check(input))
    }

    /// [`Verifier::verify_owned`] with the signature step given by the caller (the provider,
    /// or a host's verdict).
    pub(crate) fn verify_owned_in<B: AsRef<[u8]> + AsMut<[u8]>>(
        &self,
        token: &[u8],
        now: UnixTimeMs,
        mut buf: B,
        check_signature: impl FnOnce(&SignatureInput<'_, '_, '_>) -> Result<(), Error>,
    ) -> Result<VerifiedBuffer<B>, Error> {
        // Where the buffer starts, for the views' offsets (an address, never dereferenced).
        let base = buf.as_mut().as_ptr() as usize;
        let (token, layout) = self.verify_in(token, now, buf.as_mut(), check_signature)?;
        let (alg, times) = (token.alg, token.times);
        #[cfg(target_arch = "wasm32")]
        let _ = base;
        Ok(VerifiedBuffer {
            #[cfg(not(target_arch = "wasm32"))]
            views: Views::of(&token, base),
            buf,
            layout,
            alg,
            times,
        })
    }

    /// Phase 1 of a two-phase verification, for hosts that check signatures with their own
    /// crypto (WebCrypto in edge runtimes): every check before the signature (size, encoding,
    /// header, `cat`, key selection, `typ`, `alg`), then what the host must verify. Complete it
    /// with [`Verifier::verify_with_host_verdict`] on the same token.
    pub fn signature_input<'t, 'b>(
        &self,
        token: &'t [u8],
        buf: &'b mut [u8],
    ) -> Result<SignatureInput<'_, 't, 'b>, Error> {
        self.before_signature(token, buf).map(|p| p.input)
    }

    /// Phase 2 and 3 of a two-phase verification: `signature_valid` is the host's verdict on
    /// the [`SignatureInput`] of this same token. Re-runs phase 1 (cheap, and it keeps the
    /// host from pairing a verdict with another token), then checks the payload and claims as
    /// [`Verifier::verify`] does. Passing `true` without checking the signature defeats the
    /// purpose of verification.
    pub fn verify_with_host_verdict<'b>(
        &self,
        token: &[u8],
        now: UnixTimeMs,
        buf: &'b mut [u8],
        signature_valid: bool,
    ) -> Result<VerifiedToken<'b>, Error> {
        self.verify_in(token, now, buf, |_| host_verdict(signature_valid))
            .map(|(t, _)| t)
    }

    /// Checks the signature with the verifier's provider.
    pub(crate) fn provider_check(&self, input: &SignatureInput<'_, '_, '_>) -> Result<(), Error> {
        let provider = self.provider.as_ref().ok_or(Error::NoCryptoProvider)?;
        let prepared = self
            .prepared
            .get(input.key_index)
            .ok_or(Error::NoCryptoProvider)?;
        if provider.verify(
            input.alg,
            input.key.material(),
            prepared,
            input.signing_input,
            input.signature,
        ) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    fn before_signature<'t, 'b>(
        &self,
        token: &'t [u8],
        buf: &'b mut [u8],
    ) -> Result<BeforeSignature<'_, 't, 'b>, Error> {
        if token.len() > self.limits.max_token_bytes {
            return Err(Error::TokenTooLarge);
        }
        let segments = compact::split(token)?;
        // Every encoding error is reported before any header, signature or claim error, as in
        // Clerk (which decodes all three parts first) and security.md §0 (step 3 before 4-5):
        // the signature's encoding is checked here (O(1) once the alphabet is known good),
        // the payload's just below. The payload is decoded here, once, straight
        // into its place after the header and the signature when the buffer has room (else
        // only checked now and decoded after the signature); its JSON is read only after the
        // signature verified.
        b64url::check_canonical(segments.signature)?;
        let payload_len = b64url::decoded_len(segments.payload.len()).ok_or(Error::Base64)?;
        let payload_at = match (
            b64url::decoded_len(segments.header.len()),
            b64url::decoded_len(segments.signature.len()),
        ) {
            (Some(h), Some(s)) if s <= MAX_SIGNATURE_BYTES && h + s + payload_len <= buf.len() => {
                Some(h + s)
            }
            _ => None,
        };
        let (buf, payload) = match payload_at {
            Some(at) => {
                let (front, back) = buf.split_at_mut(at);
                let payload = b64url::decode(segments.payload, back)?;
                (front, PendingPayload::Decoded(payload))
            }
            None => {
                b64url::validate(segments.payload)?;
                (buf, PendingPayload::Encoded(segments.payload))
            }
        };
        let (header_bytes, buf) = decode_front(segments.header, buf)?;
        let header_len = header_bytes.len();
        let header = Header::parse(header_bytes, self.limits.max_json_depth)?;
        header.validate()?;
        // Clerk's order (spec §1.2: cat, key resolution, typ, alg), except that the allow-list
        // comes before key selection by `kid` (security.md §0: step 5 before step 6), so
        // `none`, an unknown name or an algorithm no configured key may use is
        // `ALG_NOT_ALLOWED` whatever the `kid` says. With one key (Clerk's jwtKey) selection
        // cannot fail, so the order Clerk shows there (cat, typ, alg) is unchanged; with no
        // key at all, `NoKey` (Clerk's `jwk-failed-to-resolve`) still comes first.
        if header.is_m2m_category() {
            return Err(Error::InvalidCategory);
        }
        if self.keys.keys().is_empty() {
            return Err(Error::NoKey);
        }
        self.check_type(&header)?;
        let alg = self.allowed_algorithm(&header)?;
        let key = self.keys.select(header.kid())?;
        self.check_key_algorithm(alg, key)?;
        let sig_len = b64url::decoded_len(segments.signature.len()).ok_or(Error::Base64)?;
        if sig_len > MAX_SIGNATURE_BYTES {
            b64url::validate(segments.signature)?;
            return Err(Error::InvalidSignature);
        }
        let (signature, rest) = decode_front(segments.signature, buf)?;
        let key_index = self
            .keys
            .keys()
            .iter()
            .position(|k| core::ptr::eq(k, key))
            .unwrap_or(0);
        Ok(BeforeSignature {
            header,
            header_len,
            payload,
            rest,
            input: SignatureInput {
                alg,
                key,
                key_index,
                signing_input: segments.signing_input,
                signature,
            },
        })
    }

    fn verify_in<'b>(
        &self,
        token: &[u8],
        now: UnixTimeMs,
        buf: &'b mut [u8],
        check_signature: impl FnOnce(&SignatureInput<'_, '_, '_>) -> Result<(), Error>,
    ) -> Result<(VerifiedToken<'b>, Layout), Error> {
        let BeforeSignature {
            header,
            header_len,
            payload,
            rest,
            input,
        } = self.before_signature(token, buf)?;
        check_signature(&input)?;
        let payload = match payload {
            PendingPayload::Decoded(payload) => payload,
            PendingPayload::Encoded(text) => decode_front(text, rest)?.0,
        };
        let payload_start = header_len + input.signature.len();
        let layout = Layout {
            header_len,
            payload_start,
            payload_end: payload_start + payload.len(),
        };
        let claims = Claims::parse(payload, self.limits.max_json_depth)?;
        let (subject, times) = self.check_claims(&claims, now)?;
        Ok((
            VerifiedToken {
                header,
                claims,
                alg: input.alg,
                subject,
                times,
            },
            layout,
        ))
    }

    fn check_type(&self, header: &Header<'_>) -> Result<(), Error> {
        let ok = match header.typ() {
            None => !self.header_type_required,
            Some(JsonValue::String(typ)) if !self.header_type_required => typ.eq_str("JWT"),
            Some(JsonValue::String(typ)) => self.header_types.contains(typ),
            Some(_) => false,
        };
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidType)
        }
    }

    /// The header's algorithm, if it is one this verifier allows for some key: an `alg` that
    /// is missing or not a string is [`Error::AlgMissing`], any other refused one
    /// [`Error::AlgNotAllowed`] (both Clerk's `token-invalid-algorithm`).
    fn allowed_algorithm(&self, header: &Header<'_>) -> Result<Algorithm, Error> {
        if !header.has_string_alg() {
            return Err(Error::AlgMissing);
        }
        header
            .algorithm()
            .filter(|alg| self.allowed.contains(*alg))
            .ok_or(Error::AlgNotAllowed)
    }

    /// The selected key may verify `alg`: same family (never an HMAC secret beside public
    /// keys) and, when the key pins an `alg`, that one.
    fn check_key_algorithm(&self, alg: Algorithm, key: &Key) -> Result<(), Error> {
        if alg.family() != key.material().family()
            || (alg.family() == KeyFamily::Hmac && self.keys.mixes_secrets_and_public_keys())
        {
            return Err(Error::AlgKeyFamilyMismatch);
        }
        if key.alg().is_some_and(|pinned| pinned != alg) {
            return Err(Error::KeyAlgMismatch);
        }
        Ok(())
    }

    pub(crate) fn check_claims<'b>(
        &self,
        claims: &Claims<'b>,
        now: UnixTimeMs,
    ) -> Result<(JsonStr<'b>, TimeClaims), Error> {
        let subject = claims
            .sub()
            .and_then(|s| s.as_str())
            .ok_or(Error::InvalidSubject)?;
        if !self.audiences.is_empty() {
            let contained =
                |v: JsonValue<'_>| v.as_str().is_some_and(|s| self.audiences.contains(s));
            match claims.aud() {
                None => return Err(Error::AudienceMissing),
                Some(JsonValue::Array(list))
                    if !list.is_empty()
                        && list.iter().all(|v| v.as_str().is_some())
                        && list.iter().any(contained) => {}
                Some(aud) if aud.as_str().is_some() && contained(aud) => {}
                Some(_) => return Err(Error::AudienceMismatch),
            }
        }
        if !self.authorized_parties.is_empty() {
            match claims.azp() {
                Some(azp) if azp.is_truthy() => {
                    if !azp
                        .as_str()
                        .is_some_and(|s| self.authorized_parties.contains(s))
                    {
                        return Err(Error::AuthorizedPartyMismatch);
                    }
                }
                _ => return Err(Error::AuthorizedPartyMissing),
            }
        }
        if !self.issuers.is_empty()
            && !claims
                .iss()
                .and_then(|v| v.as_str())
                .is_some_and(|s| self.issuers.contains(s))
        {
            return Err(Error::IssuerMismatch);
        }
        let skew = self.clock_skew_ms;
        let exp = claims
            .exp()
            .and_then(numeric_date_ms)
            .ok_or(Error::InvalidExpiration)?;
        if is_expired(exp, now, skew) {
            return Err(Error::Expired);
        }
        let optional = |value: Option<JsonValue<'_>>, invalid: Error, future: Error| match value {
            None => Ok(None),
            Some(v) => {
                let ms = numeric_date_ms(v).ok_or(invalid)?;
                if is_in_future(ms, now, skew) {
                    Err(future)
                } else {
                    Ok(Some(UnixTimeMs(ms)))
                }
            }
        };
        let not_before = optional(claims.nbf(), Error::InvalidNotBefore, Error::NotYetValid)?;
        let issued_at = optional(claims.iat(), Error::InvalidIssuedAt, Error::IssuedInFuture)?;
        Ok((
            subject,
            TimeClaims {
                expires_at: UnixTimeMs(exp),
                not_before,
                issued_at,
            },
        ))
    }
}

/// The payload after phase 1: decoded into its place, or (when the buffer had no room for
/// it there) checked and still encoded.
enum PendingPayload<'t, 'b> {
    Decoded(&'b [u8]),
    Encoded(&'t [u8]),
}

/// Clerk's expiry test: `exp <= now - skew` (in ms, without overflow).
fn is_expired(exp_ms: i64, now: UnixTimeMs, skew_ms: i64) -> bool {
    i128::from(exp_ms) <= i128::from(now.0) - i128::from(skew_ms)
}

/// Clerk's not-before / issued-at test: `t > now + skew` (in ms, without overflow).
fn is_in_future(t_ms: i64, now: UnixTimeMs, skew_ms: i64) -> bool {
    i128::from(t_ms) > i128::from(now.0) + i128::from(skew_ms)
}

impl TimeClaims {
    /// The time checks of a fresh verification, in the same order and with the same
    /// formulas (`exp`, then `nbf`, then `iat`), on values already read from a verified
    /// token: [`Error::Expired`], [`Error::NotYetValid`] or [`Error::IssuedInFuture`].
    pub fn check(&self, now: UnixTimeMs, clock_skew_ms: i64) -> Result<(), Error> {
        if is_expired(self.expires_at.0, now, clock_skew_ms) {
            return Err(Error::Expired);
        }
        if self
            .not_before
            .is_some_and(|t| is_in_future(t.0, now, clock_skew_ms))
        {
            return Err(Error::NotYetValid);
        }
        if self
            .issued_at
            .is_some_and(|t| is_in_future(t.0, now, clock_skew_ms))
        {
            return Err(Error::IssuedInFuture);
        }
        Ok(())
    }
}

/// The signature step of a two-phase verification: the host's verdict.
pub(crate) fn host_verdict(signature_valid: bool) -> Result<(), Error> {
    if signature_valid {
        Ok(())
    } else {
        Err(Error::InvalidSignature)
    }
}

/// Phase 1's result, kept for phases 2 and 3.
struct BeforeSignature<'v, 't, 'b> {
    header: Header<'b>,
    header_len: usize,
    payload: PendingPayload<'t, 'b>,
    /// The buffer after the header and the signature.
    rest: &'b mut [u8],
    input: SignatureInput<'v, 't, 'b>,
}

/// What the signature step must check (from [`Verifier::signature_input`]): the algorithm,
/// the selected key, and the exact signing input and decoded signature.
#[derive(Clone, Copy, Debug)]
pub struct SignatureInput<'v, 't, 'b> {
    alg: Algorithm,
    key: &'v Key,
    key_index: usize,
    signing_input: &'t [u8],
    signature: &'b [u8],
}

impl<'v, 't, 'b> SignatureInput<'v, 't, 'b> {
    /// The algorithm, already checked against the allow-list and the key's family.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// The selected key.
    pub fn key(&self) -> &'v Key {
        self.key
    }

    /// The selected key's position in [`Verifier::keys`] (hosts import each key once and
    /// look it up by this index).
    pub fn key_index(&self) -> usize {
        self.key_index
    }

    /// The exact bytes the signature covers: the received `header.payload`.
    pub fn signing_input(&self) -> &'t [u8] {
        self.signing_input
    }

    /// The decoded signature.
    pub fn signature(&self) -> &'b [u8] {
        self.signature
    }
}

/// Where the decoded header and payload sit in a verification buffer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Layout {
    pub(crate) header_len: usize,
    pub(crate) payload_start: usize,
    pub(crate) payload_end: usize,
}

/// A verified token that owns its decode buffer (from [`Verifier::verify_owned`]).
#[derive(Clone, Debug)]
pub struct VerifiedBuffer<B> {
    buf: B,
    layout: Layout,
    alg: Algorithm,
    times: TimeClaims,
    /// Where the verified views sit in `buf`, so that [`VerifiedBuffer::token`] re-creates
    /// them without reading the JSON again (`None`: it reads it again, as the size-budgeted
    /// wasm build always does).
    #[cfg(not(target_arch = "wasm32"))]
    views: Option<Views>,
}

/// Where a verified token's header and payload objects sit in its buffer (byte ranges), and
/// its views as spans of those objects' texts. (Unused by the wasm build, which does not
/// store them.)
#[derive(Clone, Copy, Debug)]
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) struct Views {
    pub(crate) header: (usize, usize),
    pub(crate) payload: (usize, usize),
    pub(crate) header_spans: HeaderSpans,
    pub(crate) claim_spans: ClaimSpans,
}

impl Views {
    /// The views of `token`, whose texts lie in the verification buffer that starts at
    /// address `base`.
    #[cfg(not(target_arch = "wasm32"))]
    fn of(token: &VerifiedToken<'_>, base: usize) -> Option<Views> {
        let header = token.header.json().raw_json();
        let payload = token.claims.json().raw_json();
        let range = |text: &str| {
            let start = (text.as_ptr() as usize).checked_sub(base)?;
            Some((start, start + text.len()))
        };
        Some(Views {
            header: range(header)?,
            payload: range(payload)?,
            header_spans: token.header.spans()?,
            claim_spans: token.claims.spans()?,
        })
    }

    /// The verified token over `buf`, re-created from the spans (no JSON is read); `None` if
    /// a range does not fit `buf`.
    #[cfg(not(target_arch = "wasm32"))]
    fn token<'b>(
        &self,
        buf: &'b [u8],
        layout: &Layout,
        alg: Algorithm,
        times: TimeClaims,
    ) -> Option<VerifiedToken<'b>> {
        let text = |(start, end): (usize, usize)| core::str::from_utf8(buf.get(start..end)?).ok();
        // The header object starts the buffer's header region (after any whitespace).
        let header = text(self.header).filter(|_| self.header.1 <= layout.header_len)?;
        let payload = text(self.payload)?;
        Some(VerifiedToken::from_parts(
            Header::from_spans(JsonObject::from_validated(header), &self.header_spans),
            Claims::from_spans(JsonObject::from_validated(payload), &self.claim_spans),
            alg,
            times,
        ))
    }
}

impl<B> VerifiedBuffer<B> {
    /// A verified buffer from its parts (the token cache re-creates one from an entry).
    pub(crate) fn from_parts(
        buf: B,
        layout: Layout,
        alg: Algorithm,
        times: TimeClaims,
        views: Option<Views>,
    ) -> Self {
        #[cfg(target_arch = "wasm32")]
        let _ = views;
        VerifiedBuffer {
            buf,
            layout,
            alg,
            times,
            #[cfg(not(target_arch = "wasm32"))]
            views,
        }
    }

    /// Gives the buffer back (for reuse); the verified views end here.
    pub fn into_buffer(self) -> B {
        self.buf
    }
}

impl<B: AsRef<[u8]>> VerifiedBuffer<B> {
    /// The verified token, borrowed from this buffer.
    pub fn token(&self) -> VerifiedToken<'_> {
        let buf = self.buf.as_ref();
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(token) = self
            .views
            .as_ref()
            .and_then(|v| v.token(buf, &self.layout, self.alg, self.times))
        {
            return token;
        }
        let object = |range: core::ops::Range<usize>| {
            buf.get(range)
                .and_then(|b| core::str::from_utf8(b).ok())
                .and_then(json::validated_object)
                .unwrap_or_else(JsonObject::empty)
        };
        let header = object(0..self.layout.header_len);
        let claims =
            Claims::from_object(object(self.layout.payload_start..self.layout.payload_end));
        // Both objects and `sub` were validated during verification: the fallbacks above and
        // below are never taken; they only keep this accessor total.
        VerifiedToken {
            header: Header::scan(header),
            subject: claims
                .sub()
                .and_then(|s| s.as_str())
                .unwrap_or_else(JsonStr::empty),
            claims,
            alg: self.alg,
            times: self.times,
        }
    }

    /// The time claims, without re-deriving any view.
    pub fn times(&self) -> TimeClaims {
        self.times
    }
}

/// The time claims of a verified token, in milliseconds (truncated as Clerk does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeClaims {
    /// `exp`.
    pub expires_at: UnixTimeMs,
    /// `nbf`, if present.
    pub not_before: Option<UnixTimeMs>,
    /// `iat`, if present.
    pub issued_at: Option<UnixTimeMs>,
}

/// A token whose signature and claims were verified. Only [`Verifier::verify`] creates one.
///
/// Everything is borrowed from the caller's decode buffer.
#[derive(Clone, Copy, Debug)]
pub struct VerifiedToken<'b> {
    header: Header<'b>,
    claims: Claims<'b>,
    alg: Algorithm,
    subject: JsonStr<'b>,
    times: TimeClaims,
}

impl<'b> VerifiedToken<'b> {
    /// A verified token from views the core made during a verification (the token cache
    /// re-creates them over a copy of the verified text).
    pub(crate) fn from_parts(
        header: Header<'b>,
        claims: Claims<'b>,
        alg: Algorithm,
        times: TimeClaims,
    ) -> VerifiedToken<'b> {
        VerifiedToken {
            header,
            subject: claims
                .sub()
                .and_then(|s| s.as_str())
                .unwrap_or_else(JsonStr::empty),
            claims,
            alg,
            times,
        }
    }

    /// The header.
    pub fn header(&self) -> &Header<'b> {
        &self.header
    }

    /// The claims (standard, Clerk v1 and v2, and any custom claim through
    /// [`Claims::get`]).
    pub fn claims(&self) -> &Claims<'b> {
        &self.claims
    }

    /// The decoded payload JSON, exactly as signed.
    pub fn payload_json(&self) -> &'b str {
        self.claims.json().raw_json()
    }

    /// The algorithm that verified the signature.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// `sub`, which verification guarantees is a string.
    pub fn subject(&self) -> JsonStr<'b> {
        self.subject
    }

    /// `exp`, `nbf` and `iat` in milliseconds.
    pub fn times(&self) -> TimeClaims {
        self.times
    }

    /// The Auth object (Clerk's `toAuth()`): user, session, organization, factor age, and
    /// [`Auth::has`]. With `treat_pending_as_signed_out` (Clerk's default: `true`), a pending
    /// session (`sts: "pending"`) gives a signed-out object whose `sessionStatus` is
    /// `"pending"` and whose `has()` is always false.
    pub fn auth(&self, treat_pending_as_signed_out: bool) -> Auth<'b> {
        Auth::from_claims(&self.claims, treat_pending_as_signed_out)
    }
}
