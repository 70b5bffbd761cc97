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

// throughput runs work b.N times spread over `goroutines` goroutines and reports `unit`/s
// (all goroutines together). allocs/op is per call of work (b.ReportAllocs).
func throughput(b *testing.B, goroutines int, unit string, work func() error) float64 {
	b.ReportAllocs()
	var wg sync.WaitGroup
	var failed sync.Once
	b.ResetTimer()
	start := time.Now()
	for g := 0; g < goroutines; g++ {
		n := b.N / goroutines
		if g < b.N%goroutines {
			n++
		}
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			for i := 0; i < n; i++ {
				if err := work(); err != nil {
					failed.Do(func() { b.Error(err) })
					return
				}
			}
		}(n)
	}
	wg.Wait()
	rate := float64(b.N) / time.Since(start).Seconds()
	b.StopTimer()
	b.ReportMetric(rate, unit+"/s")
	return rate
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

// BenchmarkThroughput: control, then cache=off|on, each with goroutines=1|2. The parent
// prints the ratio 2T/1T of each pair (from the final run of each sub-benchmark; `-count 5`
// gives five pairs).
func BenchmarkThroughput(b *testing.B) {
	pubPEM, _ := fixture(b)
	now := time.Now()
	token := v2Token(b, now)
	var rates [3]float64
	for _, g := range []int{1, 2} {
		b.Run(fmt.Sprintf("control/goroutines=%d", g), func(b *testing.B) {
			rates[g] = throughput(b, g, "loops", control(token))
		})
	}
	if rates[1] > 0 {
		fmt.Printf("throughput control: 1 goroutine %.0f loops/s, 2 goroutines %.0f loops/s, 2T/1T %.2fx\n",
			rates[1], rates[2], rates[2]/rates[1])
	}
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
		rates = [3]float64{}
		for _, g := range []int{1, 2} {
			b.Run(fmt.Sprintf("cache=%s/goroutines=%d", c.name, g), func(b *testing.B) {
				rates[g] = throughput(b, g, "verifies", verify(v, token, now))
			})
		}
		stats, _ := v.CacheStats()
		if rates[1] > 0 {
			fmt.Printf("throughput cache=%s (%d-byte token): 1 goroutine %.0f verifies/s, 2 goroutines %.0f verifies/s, 2T/1T %.2fx; cache %+v\n",
				c.name, len(token), rates[1], rates[2], rates[2]/rates[1], stats)
		}
		v.Close()
	}
}
