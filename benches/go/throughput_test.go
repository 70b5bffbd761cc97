package bench

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"example.invalid/sessionjwt"
)

// Throughput of the Go package with 1 and 2 goroutines sharing one Verifier, with the
// repeat-token cache off (every call checks the RS256 signature) and on (the token was
// verified once before: every call is a hit). The token is the Rust benches' fixture
// (benches/benches/fixtures.rs): a Clerk-style v2 session token of 916 bytes, RS256, signed
// with the Clerk fixture RSA-2048 key, valid for an hour from the real clock; the verifier
// has that key and one authorized party. Run with `make bench-go`.

const throughputAZP = "https://app.example.com"

// v2Token mints the fixture token: the same header and payload as fixtures.rs.
func v2Token(b *testing.B, now time.Time) string {
	shared := os.Getenv("SESSIONJWT_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "shared")
	}
	data, err := os.ReadFile(filepath.Join(shared, "conformance", "clerk", "keys", "signing-private-pkcs8.pem"))
	if err != nil {
		b.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		b.Fatal("no PEM block in the private key")
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		b.Fatal(err)
	}
	key, ok := parsed.(*rsa.PrivateKey)
	if !ok {
		b.Fatal("not an RSA key")
	}
	s := now.Unix()
	header := `{"alg":"RS256","cat":"cl_B7d4PD111AAA","kid":"ins_2GIoQhbUpy0hX7B2cVkuTMinXoD","typ":"JWT"}`
	payload := fmt.Sprintf(`{"azp":"%s","exp":%d,"fea":"o:dashboard","fva":[2,-1],"iat":%d,`+
		`"iss":"https://clerk.example.com","nbf":%d,`+
		`"o":{"fpm":"3","id":"org_2abcdefghijklmnopqrstuvwx","per":"read,manage","rol":"admin"},`+
		`"sid":"sess_2abcdefghijklmnopqrstuvwx","sts":"active",`+
		`"sub":"user_2abcdefghijklmnopqrstuvwx","v":2}`, throughputAZP, s+3600, s, s-10)
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	digest := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, digest[:])
	if err != nil {
		b.Fatal(err)
	}
	return input + "." + enc.EncodeToString(sig)
}

// timed runs work n times spread over `goroutines` goroutines; it returns the rate in calls
// per second (all goroutines together).
func timed(b *testing.B, n, goroutines int, work func() error) float64 {
	var wg sync.WaitGroup
	var failed sync.Once
	start := time.Now()
	for g := 0; g < goroutines; g++ {
		share := n / goroutines
		if g < n%goroutines {
			share++
		}
		wg.Add(1)
		go func(share int) {
			defer wg.Done()
			for i := 0; i < share; i++ {
				if err := work(); err != nil {
					failed.Do(func() { b.Error(err) })
					return
				}
			}
		}(share)
	}
	wg.Wait()
	return float64(n) / time.Since(start).Seconds()
}

// throughputRounds is how many (1 goroutine, 2 goroutines) pairs one benchmark run times.
const throughputRounds = 10

// throughput spends b.N calls of work on throughputRounds rounds, each timing one run with 1
// goroutine and one with 2 (in alternating order, so that both see the same machine load:
// this machine is shared), and reports the median rate of each and the median of the
// per-round ratios 2T/1T. allocs/op is per call of work.
func throughput(b *testing.B, unit string, work func() error) float64 {
	b.ReportAllocs()
	chunk := b.N / (2 * throughputRounds)
	if chunk < 2 {
		chunk = 2
	}
	var one, two, ratio []float64
	for r := 0; r < throughputRounds; r++ {
		var r1, r2 float64
		if r%2 == 0 {
			r1, r2 = timed(b, chunk, 1, work), timed(b, chunk, 2, work)
		} else {
			r2, r1 = timed(b, chunk, 2, work), timed(b, chunk, 1, work)
		}
		one, two, ratio = append(one, r1), append(two, r2), append(ratio, r2/r1)
	}
	b.ReportMetric(median(one), unit+"/s-1T")
	b.ReportMetric(median(two), unit+"/s-2T")
	b.ReportMetric(median(ratio), "2T/1T")
	return median(ratio)
}

func median(values []float64) float64 {
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// verify is one verification as an application does it: VerifyAt, then read the user id.
func verify(v *sessionjwt.Verifier, token string, now time.Time) func() error {
	return func() error {
		a, err := v.VerifyAt(token, now)
		if err != nil {
			return err
		}
		if a.UserID != "user_2abcdefghijklmnopqrstuvwx" {
			return fmt.Errorf("wrong user id %q", a.UserID)
		}
		return nil
	}
}

// control is CPU-bound Go work that shares nothing between goroutines and never calls the
// library (SHA-256 of the token, 8 times): its 2T/1T is what the machine gives two
// goroutines at that moment (2.00x on two idle cores).
func control(token string) func() error {
	data := []byte(token)
	return func() error {
		var sum [32]byte
		for i := 0; i < 8; i++ {
			sum = sha256.Sum256(data)
		}
		if sum == [32]byte{} {
			return fmt.Errorf("zero hash")
		}
		return nil
	}
}

// BenchmarkThroughput: control, cache=off and cache=on, each reporting verifies (or loops)
// per second with 1 and with 2 goroutines, and the median ratio 2T/1T of interleaved rounds.
func BenchmarkThroughput(b *testing.B) {
	pubPEM, _ := fixture(b)
	now := time.Now()
	token := v2Token(b, now)
	b.Run("control", func(b *testing.B) { throughput(b, "loops", control(token)) })
	for _, c := range []struct {
		name     string
		capacity int
	}{{"off", 0}, {"on", sessionjwt.DefaultCacheCapacity}} {
		capacity := c.capacity
		v, err := sessionjwt.NewVerifier(sessionjwt.Options{
			JWTKey:            string(pubPEM),
			AuthorizedParties: []string{throughputAZP},
			CacheCapacity:     &capacity,
		})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v.VerifyAt(token, now); err != nil { // with the cache on: every timed call hits
			b.Fatal(err)
		}
		b.Run("cache="+c.name, func(b *testing.B) { throughput(b, "verifies", verify(v, token, now)) })
		v.Close()
	}
}
