package sessionjwt

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// sharedDir is ../shared beside the repository (the module sits in ffi-go/), unless
// SESSIONJWT_SHARED says otherwise.
func sharedDir(t testing.TB) string {
	if dir := os.Getenv("SESSIONJWT_SHARED"); dir != "" {
		return dir
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return b
}

// clerkFile reads shared/conformance/clerk/<name>.
func clerkFile(t testing.TB, name string) []byte {
	return readFile(t, filepath.Join(sharedDir(t), "conformance", "clerk", name))
}

func decodeJSON(t testing.TB, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

// clerkToken is tokens.json#name.
func clerkToken(t testing.TB, name string) string {
	var tokens map[string]struct {
		Token string `json:"token"`
	}
	decodeJSON(t, clerkFile(t, "tokens.json"), &tokens)
	tok, ok := tokens[name]
	if !ok {
		t.Fatalf("no token %s", name)
	}
	return tok.Token
}

// divergence is one entry of the project's ledger (conformance/divergences.json).
type divergence struct {
	File  string `json:"file"`
	ID    string `json:"id"`
	Clerk string `json:"clerk"`
	Ours  string `json:"ours"`
	Code  string `json:"code"`
	Why   string `json:"why"`
}

// divergences lists the ledger's entries for one conformance file, by case id.
func divergences(t testing.TB, file string) map[string]divergence {
	var ledger struct {
		Divergences []divergence `json:"divergences"`
	}
	decodeJSON(t, readFile(t, filepath.Join("..", "conformance", "divergences.json")), &ledger)
	out := map[string]divergence{}
	for _, d := range ledger.Divergences {
		if d.File != file {
			continue
		}
		if _, dup := out[d.ID]; dup {
			t.Fatalf("divergence %s listed twice", d.ID)
		}
		if len(d.Why) < 20 {
			t.Fatalf("divergence %s has no reason", d.ID)
		}
		out[d.ID] = d
	}
	return out
}

const (
	// clerkNowMs is the fixed "now" of Clerk's backend tests.
	clerkNowMs = 1666648250000
	clerkNowS  = clerkNowMs / 1000
)

// hmacSecret signs the HS256 tokens that tests mint.
var hmacSecret = func() []byte {
	b := make([]byte, 64)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}()

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// mintHS256 signs payload (JSON text, used as is) with hmacSecret.
func mintHS256(payload string) string {
	input := b64url([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + b64url([]byte(payload))
	mac := hmac.New(sha256.New, hmacSecret)
	mac.Write([]byte(input))
	return input + "." + b64url(mac.Sum(nil))
}

func hmacVerifier(t testing.TB, o Options) *Verifier {
	t.Helper()
	o.HMACSecret = hmacSecret
	v, err := NewVerifier(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

func pemVerifier(t testing.TB) *Verifier {
	t.Helper()
	v, err := NewVerifier(Options{JWTKey: string(clerkFile(t, "keys/signing-public-spki.pem"))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}
