package sessionjwt

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

var clerkNow = time.UnixMilli(clerkNowMs)

func claims(extra string) string {
	return fmt.Sprintf(`{"iat":%d,"nbf":%d,"exp":%d,%s}`, clerkNowS, clerkNowS-10, clerkNowS+60, extra)
}

func TestAuthFieldsV2(t *testing.T) {
	v := hmacVerifier(t, Options{})
	token := mintHS256(claims(`"sub":"user_v2","sid":"sess_2","v":2,"sts":"active","fva":[3,7],` +
		`"act":{"sub":"user_admin"},"iss":"https:\/\/clerk.example.com","azp":"https://app.example.com",` +
		`"o":{"id":"org_1","rol":"admin","slg":"acme","per":"read,manage","fpm":"3"},` +
		`"fea":"o:dashboard,u:profile","pla":"o:pro,u:free","custom":{"x":[1,2]}`))
	a, err := v.VerifyAt(token, clerkNow)
	if err != nil {
		t.Fatal(err)
	}
	want := Auth{
		UserID: "user_v2", SessionID: "sess_2", SessionStatus: "active",
		Actor:                 json.RawMessage(`{"sub":"user_admin"}`),
		FactorVerificationAge: []int{3, 7},
		OrgID:                 "org_1", OrgRole: "org:admin", OrgSlug: "acme",
		OrgPermissions: []string{"org:dashboard:read", "org:dashboard:manage"},
		Features:       "o:dashboard,u:profile", Plans: "o:pro,u:free",
		Issuer: "https://clerk.example.com", AuthorizedParty: "https://app.example.com",
		Algorithm: "HS256",
		ExpiresAt: time.UnixMilli(clerkNowMs + 60000), IssuedAt: clerkNow,
		NotBefore:     time.UnixMilli(clerkNowMs - 10000),
		authenticated: true, handle: a.handle,
	}
	if !reflect.DeepEqual(*a, want) {
		t.Fatalf("\n got %+v\nwant %+v", *a, want)
	}
	if got := string(a.Claim("custom")); got != `{"x":[1,2]}` {
		t.Fatalf("custom claim %s", got)
	}
	if a.Claim("absent") != nil {
		t.Fatal("absent claim")
	}
	var shape map[string]any
	decodeJSON(t, a.JSON(), &shape)
	if shape["orgRole"] != "org:admin" || shape["userId"] != "user_v2" {
		t.Fatalf("JSON %s", a.JSON())
	}
	checks := []struct {
		name string
		got  bool
		want bool
	}{
		{"role admin", a.HasRole("admin"), true},
		{"role org:admin", a.HasRole("org:admin"), true},
		{"role member", a.HasRole("member"), false},
		{"empty role", a.HasRole(""), false},
		{"permission", a.HasPermission("org:dashboard:manage"), true},
		{"other permission", a.HasPermission("org:billing:read"), false},
		{"feature", a.HasFeature("dashboard"), true},
		{"user feature", a.HasFeature("user:profile"), true},
		{"plan", a.HasPlan("o:pro"), true},
		{"user plan", a.HasPlan("u:pro"), false},
		{"strict", a.HasReverification("strict"), true},
		{"unknown preset", a.HasReverification("sometimes"), false},
		{"custom 5", a.HasReverificationCustom("first_factor", 5), true},
		{"custom 3", a.HasReverificationCustom("first_factor", 3), false},
		{"custom empty level", a.HasReverificationCustom("", 30), false},
		{"nothing asked", a.Has(HasParams{}), false},
		{"role AND feature", a.Has(HasParams{Role: "admin", Feature: "o:dashboard"}), true},
		{"role AND missing plan", a.Has(HasParams{Role: "admin", Plan: "o:enterprise"}), false},
		{"custom in params", a.Has(HasParams{Reverification: &Reverification{Level: "second_factor", AfterMinutes: 10}}), true},
		{"preset and custom", a.Has(HasParams{ReverificationPreset: "lax", Reverification: &Reverification{Level: "first_factor", AfterMinutes: 100}}), false},
		{"invalid UTF-8", a.HasRole("\xff"), false},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v", c.name, c.got)
		}
	}
}

func TestAuthEmbeddedNULAndEscapes(t *testing.T) {
	v := hmacVerifier(t, Options{})
	a, err := v.VerifyAt(mintHS256(claims(`"sub":"user_\u0000admin","sid":"s_\u00e9\ud83d\ude00"`)), clerkNow)
	if err != nil {
		t.Fatal(err)
	}
	if a.UserID != "user_\x00admin" || a.SessionID != "s_é😀" {
		t.Fatalf("%q %q", a.UserID, a.SessionID)
	}
	if a.IssuedAt != clerkNow || !a.IsAuthenticated() {
		t.Fatal("times or status")
	}
	// No fva, iat or nbf: nil and zero values.
	a, err = v.VerifyAt(mintHS256(fmt.Sprintf(`{"sub":"u","exp":%d}`, clerkNowS+60)), clerkNow)
	if err != nil {
		t.Fatal(err)
	}
	if a.FactorVerificationAge != nil || !a.IssuedAt.IsZero() || !a.NotBefore.IsZero() || a.Actor != nil || a.OrgPermissions != nil {
		t.Fatalf("%+v", a)
	}
}

func TestPendingSessions(t *testing.T) {
	token := mintHS256(claims(`"sub":"user_p","sid":"sess_p","sts":"pending","o":{"id":"org_1"}`))
	a, err := hmacVerifier(t, Options{}).VerifyAt(token, clerkNow)
	if err != nil {
		t.Fatal(err)
	}
	if a.IsAuthenticated() || a.UserID != "" || a.SessionStatus != "pending" || a.HasRole("admin") {
		t.Fatalf("pending is signed out by default: %+v", a)
	}
	no := false
	a, err = hmacVerifier(t, Options{TreatPendingAsSignedOut: &no}).VerifyAt(token, clerkNow)
	if err != nil {
		t.Fatal(err)
	}
	if !a.IsAuthenticated() || a.UserID != "user_p" {
		t.Fatalf("pending is signed in when not treated as signed out: %+v", a)
	}
}

func TestErrors(t *testing.T) {
	v := pemVerifier(t)
	token := clerkToken(t, "mockJwt")
	_, err := v.VerifyAt(token, clerkNow.Add(time.Hour))
	var e *Error
	if !errors.As(err, &e) || e.Reason != "token-expired" || e.Code != "TOKEN_EXPIRED" ||
		e.Number != 610 || e.Message != "JWT is expired." {
		t.Fatalf("%#v", err)
	}
	if !errors.Is(err, &Error{Number: 610}) || errors.Is(err, &Error{Number: 611}) {
		t.Fatal("errors.Is by Number")
	}
	if !strings.Contains(err.Error(), "token-expired") {
		t.Fatal(err.Error())
	}
	for _, bad := range []string{"", "a.b", token + "\x00", strings.Replace(token, "e", "\xff", 1), strings.Repeat("A", 9000)} {
		if _, err := v.VerifyAt(bad, clerkNow); !errors.As(err, &e) || e.Reason != "token-invalid" {
			t.Errorf("%.20q: %v", bad, err)
		}
	}
	if a, err := v.Verify(token); err == nil || a != nil {
		t.Fatal("Verify uses the real clock: the fixture token is long expired")
	}
}

func TestOptionErrors(t *testing.T) {
	skew := 2 * time.Second
	cases := []struct {
		o      Options
		option string
		code   string
	}{
		{Options{JWTKey: "not a pem"}, "JWTKey", ""},
		{Options{JWKS: "{"}, "JWKS", ""},
		{Options{JWK: "{}"}, "JWK", ""},
		{Options{HMACSecret: []byte("short")}, "HMACSecret", "KEY_HMAC_TOO_SHORT"},
		{Options{HMACSecret: hmacSecret, Algorithms: []string{"none"}}, "Algorithms", "UNKNOWN_ALGORITHM"},
		{Options{HMACSecret: hmacSecret, Algorithms: []string{}}, "Algorithms", "UNKNOWN_ALGORITHM"},
		{Options{HMACSecret: hmacSecret, AuthorizedParties: []string{"\xff"}}, "AuthorizedParties", "INVALID_ARGUMENT"},
		{Options{HMACSecret: hmacSecret, MaxTokenBytes: -1}, "MaxTokenBytes", "INVALID_OPTION"},
		{Options{HMACSecret: hmacSecret, MaxJSONDepth: 65}, "MaxJSONDepth", "INVALID_OPTION"},
		{Options{HMACSecret: hmacSecret, ClockSkew: &skew, Algorithms: []string{"RS256"}}, "", "NO_USABLE_ALGORITHM"},
	}
	for _, c := range cases {
		_, err := NewVerifier(c.o)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: %v", c.option, err)
			continue
		}
		if c.option != "" && !strings.Contains(err.Error(), "option "+c.option+":") {
			t.Errorf("%s: %v", c.option, err)
		}
		if c.code != "" && e.Code != c.code {
			t.Errorf("%s: code %s, want %s", c.option, e.Code, c.code)
		}
	}
	// Limits apply.
	v := hmacVerifier(t, Options{MaxTokenBytes: 64})
	var e *Error
	if _, err := v.VerifyAt(mintHS256(claims(`"sub":"u"`)), clerkNow); !errors.As(err, &e) || e.Code != "TOKEN_TOO_LARGE" {
		t.Fatal(err)
	}
}

func TestClose(t *testing.T) {
	v := pemVerifier(t)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal("Close is idempotent")
	}
	if _, err := v.VerifyAt(clerkToken(t, "mockJwt"), clerkNow); !errors.Is(err, ErrClosed) {
		t.Fatal(err)
	}
}

func TestMixedKeySetNeverVerifiesHMAC(t *testing.T) {
	v, err := NewVerifier(Options{
		JWTKey:     string(clerkFile(t, "keys/signing-public-spki.pem")),
		HMACSecret: hmacSecret,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	var e *Error
	if _, err := v.VerifyAt(mintHS256(claims(`"sub":"u"`)), clerkNow); !errors.As(err, &e) {
		t.Fatalf("HS256 with a mixed key set: %v", err)
	}
}
