package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"example.invalid/sessionjwt"
)

// TestServer drives the example's routes with the Clerk fixture key and token, at the
// fixture's time.
func TestServer(t *testing.T) {
	clerk := filepath.Join("..", "..", "..", "shared", "conformance", "clerk")
	pem, err := os.ReadFile(filepath.Join(clerk, "keys", "signing-public-spki.pem"))
	if err != nil {
		t.Fatal(err)
	}
	var tokens map[string]struct{ Token string }
	raw, err := os.ReadFile(filepath.Join(clerk, "tokens.json"))
	if err != nil || json.Unmarshal(raw, &tokens) != nil {
		t.Fatal(err)
	}
	now := time.UnixMilli(1666648250000)
	v, err := sessionjwt.NewVerifier(sessionjwt.Options{JWTKey: string(pem), Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	srv := httptest.NewServer(newMux(v))
	defer srv.Close()

	get := func(path, token string) (int, string) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(body)
	}
	token := tokens["mockJwt"].Token
	if code, body := get("/api/me", token); code != 200 || !strings.Contains(body, `"userId":"user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr"`) {
		t.Fatalf("signed in: %d %s", code, body)
	}
	if code, body := get("/api/me", ""); code != 401 || !strings.Contains(body, "session-token-and-uat-missing") {
		t.Fatalf("signed out: %d %s", code, body)
	}
	if code, body := get("/", token); code != 200 || body != "hello, user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr\n" {
		t.Fatalf("public, signed in: %d %q", code, body)
	}
	if code, body := get("/", "nope"); code != 200 || body != "hello, guest (token-invalid)\n" {
		t.Fatalf("public, bad token: %d %q", code, body)
	}
}
