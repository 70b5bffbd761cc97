// Package bench compares the sessionjwt Go binding with github.com/golang-jwt/jwt/v5 on
// the same job: verify one Clerk RS256 session token (signature, exp, nbf, iat, with a
// 5 s leeway) with an RSA-2048 public key parsed once. Run with `make bench-go`.
//
// golang-jwt has no cache, so the comparison runs sessionjwt with its repeat-token cache off
// (every call checks the signature); BenchmarkSessionjwtVerifyRS256CacheHit measures the
// default (cache on, the same token again). throughput_test.go measures 1 vs 2 goroutines.
package bench

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"example.invalid/sessionjwt"
	"github.com/golang-jwt/jwt/v5"
)

// fixture reads the Clerk fixture key and token from ../shared (beside the repository).
func fixture(b *testing.B) (pem []byte, token string) {
	shared := os.Getenv("SESSIONJWT_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "shared")
	}
	clerk := filepath.Join(shared, "conformance", "clerk")
	pem, err := os.ReadFile(filepath.Join(clerk, "keys", "signing-public-spki.pem"))
	if err != nil {
		b.Fatal(err)
	}
	// tokens.json#mockJwt, kept here as text so that the benchmark needs no JSON decoding.
	token = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ." +
		"eyJhenAiOiJodHRwczovL2FjY291bnRzLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsImV4cCI6MTY2NjY0ODMxMCwiaWF0IjoxNjY2NjQ4MjUwLCJpc3MiOiJodHRwczovL2NsZXJrLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsIm5iZiI6MTY2NjY0ODI0MCwic2lkIjoic2Vzc18yR2JEQjRlbk5kQ2E1dlMxenBDM1h6Zzl0SzkiLCJzdWIiOiJ1c2VyXzJHSXBYT0VwVnlKdzUxcmtabjlLbW5jNlN4ciJ9." +
		"j3rB92k32WqbQDkFB093H4GoQsBVLH4HLGF6ObcwUaVGiHC8SEu6T31FuPf257SL8A5sSGtWWM1fqhQpdLohgZb_hbJswGBuYI-Clxl9BtpIRHbWFZkLBIj8yS9W9aVtD3fWBbF6PHx7BY1udio-rbGWg1YAOZNtVcxF02p-MvX-8XIK92Vwu3Un5zyfCoVIg__qo3Xntzw3tznsZ4XDe212c6kVz1R_L1d5DKjeWXpjUPAS_zFeZSIJEQLf4JNr4JCY38tfdnc3ajfDA3p36saf1XwmTdWXQKCXi75c2TJAXROs3Pgqr5Kw_5clygoFuxN5OEMhFWFSnvIBdi3M6w"
	return pem, token
}

// now is the fixture's "now" (the token is valid from 1666648240 to 1666648310).
var now = time.UnixMilli(1666648250000)

const sub = "user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr"

// sessionjwtVerifier has the cache off unless cached.
func sessionjwtVerifier(b *testing.B, pem []byte, cached bool) *sessionjwt.Verifier {
	capacity := 0
	if cached {
		capacity = sessionjwt.DefaultCacheCapacity
	}
	v, err := sessionjwt.NewVerifier(sessionjwt.Options{JWTKey: string(pem), CacheCapacity: &capacity})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { v.Close() })
	return v
}

// golangJWT verifies with golang-jwt as an application would: RS256 only, the same leeway,
// claims into a MapClaims, the key parsed once.
func golangJWT(b *testing.B, pem []byte) func(token string) (string, error) {
	key, err := jwt.ParseRSAPublicKeyFromPEM(pem)
	if err != nil {
		b.Fatal(err)
	}
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{"RS256"}),
		jwt.WithLeeway(5*time.Second),
		jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithIssuedAt(),
		jwt.WithExpirationRequired(),
	)
	keyFunc := func(*jwt.Token) (any, error) { return key, nil }
	return func(token string) (string, error) {
		t, err := parser.Parse(token, keyFunc)
		if err != nil {
			return "", err
		}
		return t.Claims.GetSubject()
	}
}

// benchVerify times v.VerifyAt on token, which must verify to the fixture's subject.
func benchVerify(b *testing.B, v *sessionjwt.Verifier, token string) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a, err := v.VerifyAt(token, now)
		if err != nil || a.UserID != sub {
			b.Fatal(err)
		}
	}
}

func BenchmarkSessionjwtVerifyRS256(b *testing.B) {
	pem, token := fixture(b)
	benchVerify(b, sessionjwtVerifier(b, pem, false), token)
}

// BenchmarkSessionjwtVerifyRS256CacheHit: the default configuration, the same token again
// (exp, nbf and iat re-checked, the Auth built as on a full verification).
func BenchmarkSessionjwtVerifyRS256CacheHit(b *testing.B) {
	pem, token := fixture(b)
	v := sessionjwtVerifier(b, pem, true)
	if _, err := v.VerifyAt(token, now); err != nil {
		b.Fatal(err)
	}
	benchVerify(b, v, token)
}

func BenchmarkGolangJWTParseRS256(b *testing.B) {
	pem, token := fixture(b)
	verify := golangJWT(b, pem)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := verify(token)
		if err != nil || s != sub {
			b.Fatal(err)
		}
	}
}

func BenchmarkSessionjwtVerifyRS256Parallel(b *testing.B) {
	pem, token := fixture(b)
	v := sessionjwtVerifier(b, pem, false)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if a, err := v.VerifyAt(token, now); err != nil || a.UserID != sub {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkGolangJWTParseRS256Parallel(b *testing.B) {
	pem, token := fixture(b)
	verify := golangJWT(b, pem)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if s, err := verify(token); err != nil || s != sub {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkSessionjwtRejectTampered measures the failure path (a bad signature).
func BenchmarkSessionjwtRejectTampered(b *testing.B) {
	pem, token := fixture(b)
	v := sessionjwtVerifier(b, pem, false)
	bad := token[:len(token)-2] + "AA"
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := v.VerifyAt(bad, now); err == nil {
			b.Fatal("tampered token verified")
		}
	}
}

// BenchmarkGolangJWTRejectTampered is the same failure path in golang-jwt.
func BenchmarkGolangJWTRejectTampered(b *testing.B) {
	pem, token := fixture(b)
	verify := golangJWT(b, pem)
	bad := token[:len(token)-2] + "AA"
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := verify(bad); err == nil {
			b.Fatal("tampered token verified")
		}
	}
}
