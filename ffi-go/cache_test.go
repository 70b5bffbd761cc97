package sessionjwt

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"
)

// The repeat-token cache through the Go package: exact outcomes, compared with a verifier
// whose cache is off, and exact counters. Every time is explicit; nothing is timed.

func cacheVerifier(t testing.TB, capacity *int) *Verifier {
	t.Helper()
	v, err := NewVerifier(Options{
		JWTKey:        string(clerkFile(t, "keys/signing-public-spki.pem")),
		CacheCapacity: capacity,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

func intPtr(n int) *int { return &n }

func stats(t testing.TB, v *Verifier) CacheStats {
	t.Helper()
	s, err := v.CacheStats()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func wantStats(t testing.TB, v *Verifier, hits, misses, inserts uint64) {
	t.Helper()
	s := stats(t, v)
	if s.Hits != hits || s.Misses != misses || s.Inserts != inserts {
		t.Fatalf("stats %+v, want hits %d misses %d inserts %d", s, hits, misses, inserts)
	}
}

// sameAuth compares everything an Auth exposes (fields, auth JSON, payload).
func sameAuth(t testing.TB, got, want *Auth) {
	t.Helper()
	g, w := *got, *want
	g.handle, w.handle = nil, nil
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("auth %+v, want %+v", g, w)
	}
	if string(got.JSON()) != string(want.JSON()) || string(got.Payload()) != string(want.Payload()) {
		t.Fatalf("auth JSON or payload differ")
	}
}

func errCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return "OK"
	}
	return err.Error()
}

func TestCacheDefaultsAndOptions(t *testing.T) {
	v := cacheVerifier(t, nil)
	if s := stats(t, v); s != (CacheStats{Capacity: DefaultCacheCapacity}) || DefaultCacheCapacity != 256 {
		t.Fatalf("default: %+v", s)
	}
	if s := stats(t, cacheVerifier(t, intPtr(0))); s != (CacheStats{}) {
		t.Fatalf("off: %+v", s)
	}
	for _, bad := range []int{-1, MaxCacheCapacity + 1} {
		_, err := NewVerifier(Options{
			JWTKey:        string(clerkFile(t, "keys/signing-public-spki.pem")),
			CacheCapacity: intPtr(bad),
		})
		if errCode(err) != "INVALID_OPTION" {
			t.Fatalf("capacity %d: %v", bad, err)
		}
	}
	v.Close()
	if _, err := v.CacheStats(); !errors.Is(err, ErrClosed) {
		t.Fatalf("closed: %v", err)
	}
}

// TestCacheHit: the second verification of a token is a hit with the same Auth as the first,
// and as a verifier without cache gives.
func TestCacheHit(t *testing.T) {
	v := cacheVerifier(t, nil)
	off := cacheVerifier(t, intPtr(0))
	token := clerkToken(t, "mockJwt")
	first, err := v.VerifyAt(token, clerkNow)
	if err != nil {
		t.Fatal(err)
	}
	wantStats(t, v, 0, 1, 1)
	second, err := v.VerifyAt(token, clerkNow)
	if err != nil {
		t.Fatal(err)
	}
	wantStats(t, v, 1, 1, 1)
	cold, err := off.VerifyAt(token, clerkNow)
	if err != nil {
		t.Fatal(err)
	}
	sameAuth(t, second, first)
	sameAuth(t, second, cold)
	if second.UserID != "user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr" || second.Algorithm != "RS256" {
		t.Fatalf("hit: %+v", second)
	}
	wantStats(t, off, 0, 0, 0)
}

// TestCacheExpiryOnTheHitPath: a cached token is re-checked at every call's time; each
// outcome equals a full verification's, and a token that expired between two calls is
// TOKEN_EXPIRED from the cache.
func TestCacheExpiryOnTheHitPath(t *testing.T) {
	v := cacheVerifier(t, nil)
	off := cacheVerifier(t, intPtr(0))
	token := clerkToken(t, "mockJwt")
	ref, err := off.VerifyAt(token, clerkNow)
	if err != nil {
		t.Fatal(err)
	}
	const skew = 5 * time.Second
	exp, nbf := ref.ExpiresAt, ref.NotBefore
	ms := time.Millisecond
	for i, now := range []time.Time{
		clerkNow, exp.Add(skew - ms), exp.Add(skew), exp.Add(skew + ms), exp.Add(time.Hour),
		nbf.Add(-skew), nbf.Add(-skew - ms), clerkNow.Add(-skew - ms),
	} {
		if _, err := v.VerifyAt(token, clerkNow); err != nil { // (re)store
			t.Fatal(err)
		}
		before := stats(t, v).Hits
		got, errCached := v.VerifyAt(token, now)
		want, errFull := off.VerifyAt(token, now)
		if stats(t, v).Hits != before+1 {
			t.Fatalf("now #%d: not answered by the cache", i)
		}
		if errCode(errCached) != errCode(errFull) {
			t.Fatalf("now #%d: cached %v, full %v", i, errCached, errFull)
		}
		if errCached == nil {
			sameAuth(t, got, want)
		}
	}

	if _, err := v.VerifyAt(token, clerkNow); err != nil {
		t.Fatal(err)
	}
	s := stats(t, v)
	later := exp.Add(skew + time.Second)
	if _, err := v.VerifyAt(token, later); errCode(err) != "TOKEN_EXPIRED" {
		t.Fatalf("expired between calls: %v", err)
	}
	wantStats(t, v, s.Hits+1, s.Misses, s.Inserts)
	if _, err := off.VerifyAt(token, later); errCode(err) != "TOKEN_EXPIRED" {
		t.Fatalf("without cache: %v", err)
	}

	// Request authentication (and so the middleware) goes through the same cache.
	for _, now := range []time.Time{clerkNow, later} {
		if _, err := v.VerifyAt(token, clerkNow); err != nil {
			t.Fatal(err)
		}
		before := stats(t, v).Hits
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		got, err := v.AuthenticateRequestAt(r, now)
		if err != nil {
			t.Fatal(err)
		}
		want, err := off.AuthenticateRequestAt(r, now)
		if err != nil {
			t.Fatal(err)
		}
		if stats(t, v).Hits != before+1 {
			t.Fatal("request: not answered by the cache")
		}
		if got.SignedIn != want.SignedIn || got.Reason != want.Reason || errCode(errOrNil(got.Err)) != errCode(errOrNil(want.Err)) {
			t.Fatalf("request at %v: %+v, want %+v", now, got, want)
		}
		if now.Equal(later) && (got.SignedIn || got.Err == nil || got.Err.Code != "TOKEN_EXPIRED") {
			t.Fatalf("expired request: %+v", got)
		}
		if got.SignedIn {
			sameAuth(t, got.Auth, want.Auth)
		}
	}
}

func errOrNil(e *Error) error {
	if e == nil {
		return nil
	}
	return e
}

// TestCacheTamperedNeverHits: no changed token is answered from the cache, and failures
// are not stored.
func TestCacheTamperedNeverHits(t *testing.T) {
	v := cacheVerifier(t, nil)
	off := cacheVerifier(t, intPtr(0))
	token := clerkToken(t, "mockJwt")
	if _, err := v.VerifyAt(token, clerkNow); err != nil {
		t.Fatal(err)
	}
	misses := uint64(1)
	for _, i := range []int{0, len(token) / 2, len(token) - 2, len(token) - 1} {
		b := []byte(token)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		for round := 0; round < 2; round++ {
			_, errCached := v.VerifyAt(string(b), clerkNow)
			_, errFull := off.VerifyAt(string(b), clerkNow)
			if errCached == nil || errCode(errCached) != errCode(errFull) {
				t.Fatalf("byte %d: cached %v, full %v", i, errCached, errFull)
			}
			misses++
		}
	}
	for _, bad := range []string{token + "A", token[:len(token)-1]} {
		if _, err := v.VerifyAt(bad, clerkNow); err == nil {
			t.Fatal("a changed token verified")
		}
		misses++
	}
	wantStats(t, v, 0, misses, 1)
	if _, err := v.VerifyAt(token, clerkNow); err != nil {
		t.Fatal(err)
	}
	wantStats(t, v, 1, misses, 1)
}

// TestCacheOff: capacity 0 gives zero hits on every path, the middleware included.
func TestCacheOff(t *testing.T) {
	v := cacheVerifier(t, intPtr(0))
	token := clerkToken(t, "mockJwt")
	h := v.RequireAuth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for i := 0; i < 5; i++ {
		if _, err := v.VerifyAt(token, clerkNow); err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		if state, err := v.AuthenticateRequestAt(r, clerkNow); err != nil || !state.SignedIn {
			t.Fatal(state, err)
		}
		serve(h, r)
	}
	wantStats(t, v, 0, 0, 0)
}

// TestCacheConcurrent shares one verifier between goroutines (`make test-go` runs it under
// the race detector). Phase 1 has exact counters whatever the schedule: the token is stored
// first and nothing evicts it. Phase 2 interleaves expiry probes and request authentication.
func TestCacheConcurrent(t *testing.T) {
	v := cacheVerifier(t, nil)
	off := cacheVerifier(t, intPtr(0))
	token := clerkToken(t, "mockJwt")
	tampered := token[:len(token)-5] + "A" + token[len(token)-4:]
	if tampered == token {
		tampered = token[:len(token)-5] + "B" + token[len(token)-4:]
	}
	ref, err := off.VerifyAt(token, clerkNow)
	if err != nil {
		t.Fatal(err)
	}
	later := ref.ExpiresAt.Add(time.Hour)
	if _, err := v.VerifyAt(token, clerkNow); err != nil {
		t.Fatal(err)
	}
	const goroutines, rounds = 8, 25
	run := func(expiry bool) {
		var wg sync.WaitGroup
		errs := make(chan error, goroutines)
		for g := 0; g < goroutines; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < rounds; i++ {
					a, err := v.VerifyAt(token, clerkNow)
					if err != nil || a.UserID != ref.UserID || string(a.Payload()) != string(ref.Payload()) {
						errs <- errors.New("valid token: " + errCode(err))
						return
					}
					if _, err := v.VerifyAt(tampered, clerkNow); errCode(err) != "INVALID_SIGNATURE" {
						errs <- errors.New("tampered: " + errCode(err))
						return
					}
					if !expiry {
						continue
					}
					if _, err := v.VerifyAt(token, later); errCode(err) != "TOKEN_EXPIRED" {
						errs <- errors.New("expired: " + errCode(err))
						return
					}
					r := httptest.NewRequest("GET", "/", nil)
					r.Header.Set("Authorization", "Bearer "+token)
					if s, err := v.AuthenticateRequestAt(r, clerkNow); err != nil || !s.SignedIn || s.Auth.UserID != ref.UserID {
						errs <- errors.New("request")
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
	run(false)
	wantStats(t, v, goroutines*rounds, 1+goroutines*rounds, 1)

	before := stats(t, v)
	run(true)
	after := stats(t, v)
	if lookups := after.Hits - before.Hits + after.Misses - before.Misses; lookups != goroutines*rounds*4 {
		t.Fatalf("%d lookups, want %d", lookups, goroutines*rounds*4)
	}
	if after.Inserts-before.Inserts > after.Misses-before.Misses {
		t.Fatalf("more inserts than misses: %+v -> %+v", before, after)
	}
}
