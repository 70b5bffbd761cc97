// Package sessionjwt verifies Clerk-style session JWTs with the sessionjwt Rust core,
// through its C ABI (cgo over include/sessionjwt.h and libsessionjwt.a).
//
// The package is a thin binding: it converts Go values, calls the core, and converts the
// results back. Verification, claim mapping, has() and request authentication (Bearer
// header or __session cookie) all run in the core, exactly as in the C ABI and the Node
// addon.
//
//	v, err := sessionjwt.NewVerifier(sessionjwt.Options{
//		JWTKey:            os.Getenv("CLERK_JWT_KEY"),
//		AuthorizedParties: []string{"https://app.example.com"},
//	})
//	if err != nil { ... }
//	defer v.Close()
//	auth, err := v.Verify(token)
//	var e *sessionjwt.Error
//	if errors.As(err, &e) { log.Print(e.Reason) } // "token-expired", ...
//
// Each Verifier keeps a repeat-token cache (256 slots by default, Options.CacheCapacity):
// a token it verified before is answered without checking the signature again, with exp,
// nbf and iat re-checked at every call. Verify and AuthenticateRequest (so the middleware)
// both use it. CacheStats reads its counters.
//
// Building: the package links target/release/libsessionjwt.a from the repository root.
// Build it first with `cargo build --release -p sessionjwt-ffi` (`make test-go` does),
// or install the library and build with `-tags sessionjwt_system` to use pkg-config.
//
// A Verifier is safe for concurrent use. An Auth is immutable.
package sessionjwt

/*
#include <stdlib.h>
#include "sessionjwt.h"
*/
import "C"

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Options configures a Verifier. Names follow @clerk/backend's verifyToken options.
// Zero values mean "not set": the core's defaults apply.
type Options struct {
	// JWTKey is a PEM public key (Clerk's jwtKey): SPKI or PKCS#1 RSA 2048-8192, EC P-256 or
	// P-384, Ed25519; the environment-variable form with literal \n also works.
	JWTKey string
	// JWKS is a JSON Web Key Set ({"keys":[...]}, as Clerk's /v1/jwks returns it).
	JWKS string
	// JWK is a single JSON Web Key.
	JWK string
	// HMACSecret is a shared secret for HS256/384/512 (at least as long as the hash).
	HMACSecret []byte
	// Algorithms is the allow-list ("RS256", "ES256", ...), one exact name per entry (an
	// entry with a comma or a blank is UNKNOWN_ALGORITHM). Default: the keys' own families
	// (an RSA key allows RS256 only).
	Algorithms []string
	// AuthorizedParties: when set, azp must equal one of them.
	AuthorizedParties []string
	// Audience: when set, aud must be present and contain one of them.
	Audience []string
	// Issuer: when set, iss must equal one of them.
	Issuer []string
	// HeaderType: when non-nil, typ is required and must equal one of them; an empty,
	// non-nil slice accepts no token, as Clerk's headerType: []. Nil: typ may be absent or
	// "JWT".
	HeaderType []string
	// ClockSkew is the tolerance for exp, nbf and iat (Clerk's clockSkewInMs, default 5 s;
	// zero and negative values are honoured). Nil means the default.
	ClockSkew *time.Duration
	// MaxTokenBytes is the largest token accepted (default 8192).
	MaxTokenBytes int
	// MaxJSONDepth is the deepest JSON nesting accepted (default 32, at most 64).
	MaxJSONDepth int
	// TreatPendingAsSignedOut: a session whose sts is "pending" gives a signed-out Auth
	// (Clerk's default: true). Nil means true.
	TreatPendingAsSignedOut *bool
	// PublishableKey is the Clerk publishable key, used by request authentication: with a
	// development key (pk_test_...) the cookie path needs the __clerk_db_jwt cookie.
	PublishableKey string
	// Clock gives "now" for Verify and request authentication (tests, replay). Nil means
	// time.Now. VerifyAt and AuthenticateRequestAt take an explicit time instead.
	Clock func() time.Time
	// CacheCapacity is the number of slots of the verifier's repeat-token cache (about
	// 4.4 KB each, allocated by NewVerifier). Nil means DefaultCacheCapacity (256, about
	// 1.1 MiB); a pointer to 0 turns the cache off; at most MaxCacheCapacity.
	//
	// A token that verified is remembered (compared whole, byte for byte); verifying it
	// again skips the signature check but re-checks exp, nbf and iat at that call's time,
	// with the clock skew, so an expired token fails with "token-expired" exactly as
	// without the cache. Failures are never stored.
	CacheCapacity *int
}

// The repeat-token cache sizes (Options.CacheCapacity), in slots.
const (
	DefaultCacheCapacity = C.SESSIONJWT_CACHE_CAPACITY_DEFAULT
	MaxCacheCapacity     = C.SESSIONJWT_CACHE_CAPACITY_MAX
)

// CacheStats are the counters of a verifier's repeat-token cache. Every verification
// counts, through Verify or request authentication; all zero when the cache is off.
type CacheStats struct {
	// Hits are verifications answered from the cache (exp, nbf and iat re-checked: a hit
	// can still fail with "token-expired").
	Hits uint64
	// Misses are verifications that ran in full.
	Misses uint64
	// Inserts are tokens stored (only tokens that verified).
	Inserts uint64
	// Capacity is the number of slots (0 when the cache is off).
	Capacity int
}

// Verifier verifies session tokens. Its options are fixed when it is built, its cache is
// synchronised in the library, and it is safe for concurrent use. Close releases it; a
// finalizer releases it otherwise.
type Verifier struct {
	mu      sync.RWMutex
	ptr     *C.sessionjwt_verifier
	cleanup runtime.Cleanup
	clock   func() time.Time
}

// builder runs the builder calls of NewVerifier, stopping at the first error.
type builder struct {
	ptr *C.sessionjwt_verifier_builder
	err error
}

// do runs call unless an earlier call failed, and records its error under option.
func (b *builder) do(option string, call func() C.sessionjwt_result) {
	if b.err != nil {
		return
	}
	if err := check(call()); err != nil {
		b.err = fmt.Errorf("sessionjwt: option %s: %w", option, err)
	}
}

// text passes value to add (a builder function taking text).
func (b *builder) text(option, value string, add func(*C.sessionjwt_verifier_builder, *C.uint8_t, C.size_t) C.sessionjwt_result) {
	b.do(option, func() C.sessionjwt_result {
		p, n := cStr(value)
		return add(b.ptr, p, n)
	})
}

// size passes a non-negative int to set.
func (b *builder) size(option string, value int, set func(*C.sessionjwt_verifier_builder, C.size_t) C.sessionjwt_result) {
	b.do(option, func() C.sessionjwt_result {
		if value < 0 {
			return C.SESSIONJWT_RESULT_INVALID_OPTION
		}
		return set(b.ptr, C.size_t(value))
	})
}

// The builder functions, as Go values.
var (
	addPEM = func(b *C.sessionjwt_verifier_builder, p *C.uint8_t, n C.size_t) C.sessionjwt_result {
		return C.sessionjwt_verifier_builder_add_pem(b, p, n)
	}
	addJWKS = func(b *C.sessionjwt_verifier_builder, p *C.uint8_t, n C.size_t) C.sessionjwt_result {
		return C.sessionjwt_verifier_builder_add_jwks(b, p, n)
	}
	addJWK = func(b *C.sessionjwt_verifier_builder, p *C.uint8_t, n C.size_t) C.sessionjwt_result {
		return C.sessionjwt_verifier_builder_add_jwk(b, p, n)
	}
	setAlgorithms = func(b *C.sessionjwt_verifier_builder, p *C.uint8_t, n C.size_t) C.sessionjwt_result {
		return C.sessionjwt_verifier_builder_set_algorithms(b, p, n)
	}
	addAuthorizedParty = func(b *C.sessionjwt_verifier_builder, p *C.uint8_t, n C.size_t) C.sessionjwt_result {
		return C.sessionjwt_verifier_builder_add_authorized_party(b, p, n)
	}
	addAudience = func(b *C.sessionjwt_verifier_builder, p *C.uint8_t, n C.size_t) C.sessionjwt_result {
		return C.sessionjwt_verifier_builder_add_audience(b, p, n)
	}
	addIssuer = func(b *C.sessionjwt_verifier_builder, p *C.uint8_t, n C.size_t) C.sessionjwt_result {
		return C.sessionjwt_verifier_builder_add_issuer(b, p, n)
	}
	addHeaderType = func(b *C.sessionjwt_verifier_builder, p *C.uint8_t, n C.size_t) C.sessionjwt_result {
		return C.sessionjwt_verifier_builder_add_header_type(b, p, n)
	}
	setPublishableKey = func(b *C.sessionjwt_verifier_builder, p *C.uint8_t, n C.size_t) C.sessionjwt_result {
		return C.sessionjwt_verifier_builder_set_publishable_key(b, p, n)
	}
	setMaxTokenBytes = func(b *C.sessionjwt_verifier_builder, n C.size_t) C.sessionjwt_result {
		return C.sessionjwt_verifier_builder_set_max_token_bytes(b, n)
	}
	setMaxJSONDepth = func(b *C.sessionjwt_verifier_builder, n C.size_t) C.sessionjwt_result {
		return C.sessionjwt_verifier_builder_set_max_json_depth(b, n)
	}
	setCacheCapacity = func(b *C.sessionjwt_verifier_builder, n C.size_t) C.sessionjwt_result {
		return C.sessionjwt_verifier_builder_set_cache_capacity(b, n)
	}
)

// NewVerifier parses the keys once and builds a verifier. Errors wrap an *Error (use
// errors.As) and name the option; key errors have the reason "jwk-invalid".
func NewVerifier(o Options) (*Verifier, error) {
	b := &builder{ptr: C.sessionjwt_verifier_builder_new()}
	if b.ptr == nil {
		return nil, newError(C.SESSIONJWT_RESULT_PANIC)
	}
	defer C.sessionjwt_verifier_builder_free(b.ptr)

	if o.JWTKey != "" {
		b.text("JWTKey", o.JWTKey, addPEM)
	}
	if o.JWKS != "" {
		b.text("JWKS", o.JWKS, addJWKS)
	}
	if o.JWK != "" {
		b.text("JWK", o.JWK, addJWK)
	}
	if o.HMACSecret != nil {
		b.do("HMACSecret", func() C.sessionjwt_result {
			p, n := cBytes(o.HMACSecret)
			return C.sessionjwt_verifier_builder_add_hmac_secret(b.ptr, p, n)
		})
	}
	if o.Algorithms != nil {
		// Each entry is one exact name: the C ABI takes a comma-separated list and trims
		// blanks around names, so an entry with a comma or a blank would be read as
		// something other than what was written ("RS256,ES256" as two names).
		if slices.ContainsFunc(o.Algorithms, func(a string) bool { return strings.ContainsAny(a, ", \t\r\n") }) {
			b.do("Algorithms", func() C.sessionjwt_result { return C.SESSIONJWT_RESULT_UNKNOWN_ALGORITHM })
		} else {
			b.text("Algorithms", strings.Join(o.Algorithms, ","), setAlgorithms)
		}
	}
	for _, party := range o.AuthorizedParties {
		b.text("AuthorizedParties", party, addAuthorizedParty)
	}
	for _, audience := range o.Audience {
		b.text("Audience", audience, addAudience)
	}
	for _, issuer := range o.Issuer {
		b.text("Issuer", issuer, addIssuer)
	}
	if o.HeaderType != nil {
		b.do("HeaderType", func() C.sessionjwt_result {
			return C.sessionjwt_verifier_builder_require_header_type(b.ptr)
		})
	}
	for _, typ := range o.HeaderType {
		b.text("HeaderType", typ, addHeaderType)
	}
	if o.ClockSkew != nil {
		b.do("ClockSkew", func() C.sessionjwt_result {
			return C.sessionjwt_verifier_builder_set_clock_skew_ms(b.ptr, C.int64_t(o.ClockSkew.Milliseconds()))
		})
	}
	if o.MaxTokenBytes != 0 {
		b.size("MaxTokenBytes", o.MaxTokenBytes, setMaxTokenBytes)
	}
	if o.MaxJSONDepth != 0 {
		b.size("MaxJSONDepth", o.MaxJSONDepth, setMaxJSONDepth)
	}
	if o.TreatPendingAsSignedOut != nil {
		b.do("TreatPendingAsSignedOut", func() C.sessionjwt_result {
			return C.sessionjwt_verifier_builder_set_treat_pending_as_signed_out(b.ptr, C.bool(*o.TreatPendingAsSignedOut))
		})
	}
	if o.PublishableKey != "" {
		b.text("PublishableKey", o.PublishableKey, setPublishableKey)
	}
	if o.CacheCapacity != nil {
		b.size("CacheCapacity", *o.CacheCapacity, setCacheCapacity)
	}
	if b.err != nil {
		return nil, b.err
	}
	var ptr *C.sessionjwt_verifier
	if err := check(C.sessionjwt_verifier_builder_build(b.ptr, &ptr)); err != nil {
		return nil, fmt.Errorf("sessionjwt: building the verifier: %w", err)
	}
	v := &Verifier{ptr: ptr, clock: o.Clock}
	if v.clock == nil {
		v.clock = time.Now
	}
	v.cleanup = runtime.AddCleanup(v, func(p *C.sessionjwt_verifier) { C.sessionjwt_verifier_free(p) }, ptr)
	return v, nil
}

// Close releases the verifier. It waits for verifications in progress; later calls return
// ErrClosed. Close is idempotent.
func (v *Verifier) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.ptr != nil {
		v.cleanup.Stop()
		C.sessionjwt_verifier_free(v.ptr)
		v.ptr = nil
	}
	return nil
}

// CacheStats reads the counters of the verifier's repeat-token cache (ErrClosed after
// Close).
func (v *Verifier) CacheStats() (CacheStats, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.ptr == nil {
		return CacheStats{}, ErrClosed
	}
	var s C.sessionjwt_cache_stats
	if err := check(C.sessionjwt_verifier_cache_stats(v.ptr, &s)); err != nil {
		return CacheStats{}, err
	}
	return CacheStats{
		Hits:     uint64(s.hits),
		Misses:   uint64(s.misses),
		Inserts:  uint64(s.inserts),
		Capacity: int(s.capacity),
	}, nil
}

// Verify verifies a compact session token at the current time (Options.Clock). On failure the error is
// an *Error (or ErrClosed).
func (v *Verifier) Verify(token string) (*Auth, error) {
	return v.VerifyAt(token, v.clock())
}

// VerifyAt verifies a compact session token as of now (tests, replay). Time claims are
// compared in milliseconds, with the clock skew.
func (v *Verifier) VerifyAt(token string, now time.Time) (*Auth, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.ptr == nil {
		return nil, ErrClosed
	}
	p, n := cStr(token)
	var handle *C.sessionjwt_auth
	if err := check(C.sessionjwt_verifier_verify(v.ptr, p, n, C.int64_t(now.UnixMilli()), &handle)); err != nil {
		return nil, err
	}
	return newAuth(handle), nil
}
