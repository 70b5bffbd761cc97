package sessionjwt

// The bad-input battery, conformance/battery.json (read from the repository at run time; the
// format is in conformance/README.md), through NewVerifier and VerifyAt. Every member of each
// case's expected outcome is asserted: the stage (a build-stage case is a NewVerifier error),
// the code, Clerk's reason, the number, the catalog category and, for a valid token, the
// subject byte for byte. Go strings hold arbitrary bytes, so the raw-byte tokens (embedded
// NUL, invalid UTF-8) are passed exactly; every case runs.

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

type batteryFile struct {
	NowMs     int64                        `json:"now_ms"`
	Keys      map[string]map[string]string `json:"keys"`
	Verifiers map[string]batteryVerifier   `json:"verifiers"`
	Cases     []batteryCase                `json:"cases"`
	// Categories maps every error number of the core (as a decimal string) to its catalog
	// category, generated with the file by core/tests/battery.rs.
	Categories map[string]string `json:"categories"`
}

type batteryVerifier struct {
	Keys              []string `json:"keys"`
	Algorithms        []string `json:"algorithms"`
	AuthorizedParties []string `json:"authorized_parties"`
	Audiences         []string `json:"audiences"`
	Issuers           []string `json:"issuers"`
	HeaderTypes       []string `json:"header_types"`
	ClockSkewMs       *int64   `json:"clock_skew_ms"`
	MaxTokenBytes     *int     `json:"max_token_bytes"`
	MaxJSONDepth      *int     `json:"max_json_depth"`
}

type batteryCase struct {
	ID          string          `json:"id"`
	Verifier    json.RawMessage `json:"verifier"`
	Token       *string         `json:"token"`
	TokenB64    *string         `json:"token_b64"`
	TokenRepeat *struct {
		Prefix string `json:"prefix"`
		Unit   string `json:"unit"`
		Count  int    `json:"count"`
		Suffix string `json:"suffix"`
	} `json:"token_repeat"`
	NowMs  *int64 `json:"now_ms"`
	Expect struct {
		Result   string  `json:"result"`
		Category string  `json:"category"`
		Sub      *string `json:"sub"`
		Stage    string  `json:"stage"`
		Code     string  `json:"code"`
		Reason   string  `json:"reason"`
		Number   int     `json:"number"`
	} `json:"expect"`
}

func loadBattery(t *testing.T) (*batteryFile, string) {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(root, "conformance", "battery.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f batteryFile
	dec := json.NewDecoder(strings.NewReader(string(text)))
	if err := dec.Decode(&f); err != nil {
		t.Fatal(err)
	}
	return &f, root
}

// batteryOptions maps a case's verifier onto Options. Each key kind has one field: two keys
// of one kind, or a zero size (which Options reads as "default"), cannot be expressed and
// fail the test.
func batteryOptions(f *batteryFile, root string, c *batteryCase) (Options, error) {
	var spec batteryVerifier
	var name string
	if json.Unmarshal(c.Verifier, &name) == nil {
		s, ok := f.Verifiers[name]
		if !ok {
			return Options{}, fmt.Errorf("verifier %q", name)
		}
		spec = s
	} else {
		dec := json.NewDecoder(strings.NewReader(string(c.Verifier)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&spec); err != nil {
			return Options{}, err
		}
	}
	var o Options
	set := func(field *string, value string) error {
		if *field != "" {
			return errors.New("two keys of one kind")
		}
		*field = value
		return nil
	}
	for _, k := range spec.Keys {
		key := f.Keys[k]
		var err error
		switch {
		case key["pem_file"] != "":
			var pem []byte
			if pem, err = os.ReadFile(filepath.Join(root, key["pem_file"])); err == nil {
				err = set(&o.JWTKey, string(pem))
			}
		case key["hmac_secret_b64"] != "":
			if o.HMACSecret != nil {
				err = errors.New("two HMAC secrets")
			} else {
				o.HMACSecret, err = base64.StdEncoding.Strict().DecodeString(key["hmac_secret_b64"])
			}
		case key["jwks_text"] != "":
			err = set(&o.JWKS, key["jwks_text"])
		case key["jwk_text"] != "":
			err = set(&o.JWK, key["jwk_text"])
		default:
			err = fmt.Errorf("key %q", k)
		}
		if err != nil {
			return Options{}, err
		}
	}
	o.Algorithms = spec.Algorithms
	o.AuthorizedParties = spec.AuthorizedParties
	o.Audience = spec.Audiences
	o.Issuer = spec.Issuers
	o.HeaderType = spec.HeaderTypes
	if spec.ClockSkewMs != nil {
		skew := time.Duration(*spec.ClockSkewMs) * time.Millisecond
		o.ClockSkew = &skew
	}
	if spec.MaxTokenBytes != nil {
		if *spec.MaxTokenBytes == 0 {
			return Options{}, errors.New("max_token_bytes 0 is not expressible")
		}
		o.MaxTokenBytes = *spec.MaxTokenBytes
	}
	if spec.MaxJSONDepth != nil {
		if *spec.MaxJSONDepth == 0 {
			return Options{}, errors.New("max_json_depth 0 is not expressible")
		}
		o.MaxJSONDepth = *spec.MaxJSONDepth
	}
	return o, nil
}

func batteryToken(c *batteryCase) (string, error) {
	switch {
	case c.Token != nil:
		return *c.Token, nil
	case c.TokenB64 != nil:
		b, err := base64.StdEncoding.Strict().DecodeString(*c.TokenB64)
		return string(b), err
	case c.TokenRepeat != nil:
		r := c.TokenRepeat
		return r.Prefix + strings.Repeat(r.Unit, r.Count) + r.Suffix, nil
	}
	return "", errors.New("no token")
}

// runBatteryCase returns "" when the outcome matches, else what differs.
func runBatteryCase(f *batteryFile, root string, c *batteryCase) string {
	o, err := batteryOptions(f, root, c)
	if err != nil {
		return "cannot map the verifier: " + err.Error()
	}
	token, err := batteryToken(c)
	if err != nil {
		return err.Error()
	}
	now := f.NowMs
	if c.NowMs != nil {
		now = *c.NowMs
	}
	stage := "build"
	var auth *Auth
	v, err := NewVerifier(o)
	if err == nil {
		defer v.Close()
		stage = "verify"
		auth, err = v.VerifyAt(token, time.UnixMilli(now))
	}
	want := c.Expect
	if want.Result == "ok" {
		if err != nil {
			return fmt.Sprintf("expected ok, got %s: %v", stage, err)
		}
		if want.Sub != nil && auth.UserID != *want.Sub {
			return fmt.Sprintf("sub %q, expected %q", auth.UserID, *want.Sub)
		}
		if want.Category != "ok" {
			return "category " + want.Category
		}
		return ""
	}
	if err == nil {
		return fmt.Sprintf("expected %s %s, got ok", want.Stage, want.Code)
	}
	var e *Error
	if !errors.As(err, &e) {
		return fmt.Sprintf("%s: not an *Error: %v", stage, err)
	}
	category, ok := f.Categories[strconv.Itoa(e.Number)]
	if !ok {
		return fmt.Sprintf("error number %d is not in battery.json's categories", e.Number)
	}
	got := fmt.Sprintf("%s %s %s %d %s", stage, e.Code, e.Reason, e.Number, category)
	expected := fmt.Sprintf("%s %s %s %d %s", want.Stage, want.Code, want.Reason, want.Number, want.Category)
	if got != expected {
		return fmt.Sprintf("got %s, expected %s", got, expected)
	}
	return ""
}

func TestBattery(t *testing.T) {
	f, root := loadBattery(t)
	ids := map[string]bool{}
	ran, raw := 0, 0
	for i := range f.Cases {
		c := &f.Cases[i]
		if ids[c.ID] {
			t.Fatalf("duplicate case id %s", c.ID)
		}
		ids[c.ID] = true
		if why := runBatteryCase(f, root, c); why != "" {
			t.Errorf("%s: %s", c.ID, why)
		}
		ran++
		if c.TokenB64 != nil {
			raw++
		}
	}
	t.Logf("battery: %d of %d cases run (%d raw-byte tokens)", ran, len(f.Cases), raw)
	if ran != len(f.Cases) || ran < 150 || raw < 5 {
		t.Fatalf("ran %d of %d cases, %d raw-byte", ran, len(f.Cases), raw)
	}
}

// TestInvalidUTF8AndNULInputs: security.md §1.11 for the Go binding. Go strings may hold any
// bytes; they reach the core unchanged (no truncation at NUL, no replacement of invalid
// UTF-8) and are refused by it with a stable code, never a panic.
func TestInvalidUTF8AndNULInputs(t *testing.T) {
	f, root := loadBattery(t)
	pem, err := os.ReadFile(filepath.Join(root, f.Keys["ed25519"]["pem_file"]))
	if err != nil {
		t.Fatal(err)
	}
	key := string(pem)
	options := []struct {
		name string
		o    Options
		code string
	}{
		{"Algorithms", Options{JWTKey: key, Algorithms: []string{"EdDSA\xff"}}, "INVALID_ARGUMENT"},
		{"AuthorizedParties", Options{JWTKey: key, AuthorizedParties: []string{"https://a\xc3"}}, "INVALID_ARGUMENT"},
		{"Audience", Options{JWTKey: key, Audience: []string{"\xed\xa0\x80"}}, "INVALID_ARGUMENT"},
		{"Issuer", Options{JWTKey: key, Issuer: []string{"\xc0\xae"}}, "INVALID_ARGUMENT"},
		{"HeaderType", Options{JWTKey: key, HeaderType: []string{"JWT\xfe"}}, "INVALID_ARGUMENT"},
		{"PublishableKey", Options{JWTKey: key, PublishableKey: "pk_test_\xff"}, "INVALID_ARGUMENT"},
		{"Algorithms", Options{JWTKey: key, Algorithms: []string{"EdDSA\x00"}}, "UNKNOWN_ALGORITHM"},
		// One entry is one name: no comma lists, no blanks the C ABI would trim.
		{"Algorithms", Options{JWTKey: key, Algorithms: []string{"EdDSA,RS256"}}, "UNKNOWN_ALGORITHM"},
		{"Algorithms", Options{JWTKey: key, Algorithms: []string{" EdDSA"}}, "UNKNOWN_ALGORITHM"},
		{"Algorithms", Options{JWTKey: key, Algorithms: []string{"EdDSA\n"}}, "UNKNOWN_ALGORITHM"},
		{"JWTKey", Options{JWTKey: strings.Replace(key, "A", "\xff", 1)}, ""},
		// A NUL inside the armour (outside it, text is ignored by design, as RFC 7468 allows).
		{"JWTKey", Options{JWTKey: strings.Replace(key, "-----\n", "-----\n\x00", 1)}, "KEY_PEM"},
		{"JWKS", Options{JWKS: `{"keys":[{"kty":"OKP","crv":"Ed25519","x":"\xff"}]}`}, ""},
		{"JWK", Options{JWK: "{\"kty\":\"OKP\x00\"}"}, ""},
	}
	for _, c := range options {
		_, err := NewVerifier(c.o)
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(err.Error(), "option "+c.name+":") {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if c.code != "" && e.Code != c.code {
			t.Errorf("%s: code %s, want %s", c.name, e.Code, c.code)
		}
		if c.code == "" && e.Reason != "jwk-invalid" {
			t.Errorf("%s: reason %s, want jwk-invalid", c.name, e.Reason)
		}
	}
	// An embedded NUL in a list option is an ordinary byte: it never matches the value
	// without it (no C-string truncation).
	v, err := NewVerifier(Options{JWTKey: key, AuthorizedParties: []string{"https://app.example.com\x00"}})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for i := range f.Cases {
		c := &f.Cases[i]
		if c.ID != "claims_azp_matches" {
			continue
		}
		_, err := v.VerifyAt(*c.Token, time.UnixMilli(f.NowMs))
		var e *Error
		if !errors.As(err, &e) || e.Code != "AUTHORIZED_PARTY_MISMATCH" {
			t.Errorf("azp with a NUL suffix: %v", err)
		}
		return
	}
	t.Fatal("claims_azp_matches not found")
}
