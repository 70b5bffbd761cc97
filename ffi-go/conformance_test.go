package sessionjwt

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

type verifyCase struct {
	ID    string `json:"id"`
	Fn    string `json:"fn"`
	Token struct {
		Ref     string `json:"ref"`
		Literal string `json:"literal"`
	} `json:"token"`
	Key     *string                    `json:"key"`
	Options map[string]json.RawMessage `json:"options"`
	NowMs   int64                      `json:"nowMs"`
	Expect  struct {
		OK      bool            `json:"ok"`
		Payload json.RawMessage `json:"payload"`
		Reason  string          `json:"reason"`
	} `json:"expect"`
}

// stringsOption reads a Clerk list option: a string or an array (non-strings dropped).
func stringsOption(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []any
	_ = json.Unmarshal(raw, &many)
	var out []string
	for _, v := range many {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// caseOptions maps a case's Clerk options onto Options, as the Rust and C runners do.
func caseOptions(t *testing.T, c verifyCase) Options {
	var o Options
	if c.Key != nil {
		file, pointer, _ := strings.Cut(*c.Key, "#")
		text := clerkFile(t, file)
		switch {
		case strings.HasSuffix(file, ".json") && pointer == "keys[0]":
			var set struct {
				Keys []json.RawMessage `json:"keys"`
			}
			decodeJSON(t, text, &set)
			o.JWK = string(set.Keys[0])
		case strings.HasSuffix(file, ".json"):
			o.JWK = string(text)
		default:
			o.JWTKey = string(text)
		}
	}
	// verifyJwt imports the key for the token's own RSA hash; verifyToken pins RS256.
	if c.Fn == "verifyJwt" {
		o.Algorithms = []string{"RS256", "RS384", "RS512"}
	}
	o.AuthorizedParties = stringsOption(c.Options["authorizedParties"])
	o.Audience = stringsOption(c.Options["audience"])
	o.Issuer = stringsOption(c.Options["issuer"])
	o.HeaderType = stringsOption(c.Options["headerType"])
	// Clerk uses clockSkewInMs only when it is a finite number ("NaN" falls back).
	var skew int64
	if raw, ok := c.Options["clockSkewInMs"]; ok && json.Unmarshal(raw, &skew) == nil {
		d := time.Duration(skew) * time.Millisecond
		o.ClockSkew = &d
	}
	return o
}

// TestClerkVerifyCases runs shared/conformance/clerk/verify-cases.json through the Go
// binding: every case must give Clerk's outcome, or the one the divergence ledger lists.
func TestClerkVerifyCases(t *testing.T) {
	var cases []verifyCase
	decodeJSON(t, clerkFile(t, "verify-cases.json"), &cases)
	listed := divergences(t, "verify-cases.json")
	if len(cases) < 78 {
		t.Fatalf("only %d verify cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			token := c.Token.Literal
			if c.Token.Ref != "" {
				token = clerkToken(t, strings.TrimPrefix(c.Token.Ref, "tokens.json#"))
			}
			v, err := NewVerifier(caseOptions(t, c))
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			auth, err := v.VerifyAt(token, time.UnixMilli(c.NowMs))

			clerk := c.Expect.Reason
			if c.Expect.OK {
				clerk = "ok"
			}
			want, wantCode := clerk, ""
			if d, ok := listed[c.ID]; ok {
				if d.Clerk != clerk {
					t.Fatalf("ledger says clerk=%s but the data says %s", d.Clerk, clerk)
				}
				if d.Ours == clerk {
					t.Fatalf("listed as a divergence, but the ledger gives Clerk's outcome")
				}
				want, wantCode = d.Ours, d.Code
			}
			got, gotCode := "ok", ""
			var e *Error
			if errors.As(err, &e) {
				got, gotCode = e.Reason, e.Code
			} else if err != nil {
				t.Fatalf("not an *Error: %v", err)
			}
			if got != want {
				t.Fatalf("want %s, got %s (%s)", want, got, gotCode)
			}
			if wantCode != "" && gotCode != wantCode {
				t.Fatalf("ledger code %s, got %s", wantCode, gotCode)
			}
			if want == "ok" {
				var gotPayload, wantPayload any
				decodeJSON(t, auth.Payload(), &gotPayload)
				decodeJSON(t, c.Expect.Payload, &wantPayload)
				if !reflect.DeepEqual(gotPayload, wantPayload) {
					t.Fatalf("payload %s, want %s", auth.Payload(), c.Expect.Payload)
				}
				if sub := gotPayload.(map[string]any)["sub"]; auth.UserID != sub {
					t.Fatalf("UserID %q, sub %v", auth.UserID, sub)
				}
			} else if auth != nil {
				t.Fatal("a failed verification returned an Auth")
			}
		})
	}
}
