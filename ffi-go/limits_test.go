package sessionjwt

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// Hostile sizes through cgo (the resource limits; the core's own test is
// core/tests/resource_limits.rs): a 1 MB token, 10^6-deep JSON, a JWKS with 10^4 keys and
// 10^5 permissions are each refused or handled within the documented limits, with the
// core's error.

const mb = 1 << 20

func limitsClaims(extra string) string {
	return fmt.Sprintf(`{"sub":"user_1","sid":"sess_1","iat":%d,"exp":%d%s}`, clerkNowS-10, clerkNowS+60, extra)
}

func wantCode(t *testing.T, err error, reason, code string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || e.Reason != reason || e.Code != code {
		t.Fatalf("got %v, want %s (%s)", err, reason, code)
	}
}

func TestLimitsOneMegabyteToken(t *testing.T) {
	token := mintHS256(limitsClaims(`,"pad":"` + strings.Repeat("x", mb) + `"`))
	_, err := hmacVerifier(t, Options{}).VerifyAt(token, clerkNow)
	wantCode(t, err, "token-invalid", "TOKEN_TOO_LARGE")
	a, err := hmacVerifier(t, Options{MaxTokenBytes: 2 * mb}).VerifyAt(token, clerkNow)
	if err != nil || a.UserID != "user_1" {
		t.Fatalf("with a 2 MB limit: %v, %+v", err, a)
	}
}

func TestLimitsMillionDeepJSON(t *testing.T) {
	deep := strings.Repeat("[", 1e6) + strings.Repeat("]", 1e6)
	token := mintHS256(limitsClaims(`,"x":` + deep))
	_, err := hmacVerifier(t, Options{}).VerifyAt(token, clerkNow)
	wantCode(t, err, "token-invalid", "TOKEN_TOO_LARGE")
	_, err = hmacVerifier(t, Options{MaxTokenBytes: 4 * mb}).VerifyAt(token, clerkNow)
	wantCode(t, err, "token-invalid", "JSON_TOO_DEEP")
	_, err = NewVerifier(Options{JWKS: deep})
	wantCode(t, err, "jwk-invalid", "KEY_JWK")
	_, err = NewVerifier(Options{JWK: deep})
	wantCode(t, err, "jwk-invalid", "KEY_JWK")
}

func TestLimitsTenThousandKeyJWKS(t *testing.T) {
	key := `{"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"}`
	keys := make([]string, 10_000)
	for i := range keys {
		keys[i] = strings.Replace(key, "{", fmt.Sprintf(`{"kid":"k%d",`, i), 1)
	}
	_, err := NewVerifier(Options{JWKS: `{"keys":[` + strings.Join(keys, ",") + `]}`})
	wantCode(t, err, "jwk-invalid", "KEY_SET_FULL")
	v, err := NewVerifier(Options{JWKS: `{"keys":[` + strings.Join(keys[:16], ",") + `]}`})
	if err != nil {
		t.Fatalf("16 keys: %v", err)
	}
	v.Close()
}

func TestLimitsHundredThousandPermissions(t *testing.T) {
	names := make([]string, 100_000)
	for i := range names {
		names[i] = fmt.Sprintf("p%d", i)
	}
	org := `,"v":2,"fea":"o:f","o":{"id":"org_1","rol":"admin","slg":"acme","per":"` + strings.Join(names, ",") + `","fpm":"1"}`
	a, err := hmacVerifier(t, Options{MaxTokenBytes: 2 * mb}).VerifyAt(mintHS256(limitsClaims(org)), clerkNow)
	if err != nil {
		t.Fatal(err)
	}
	if a.OrgID != "org_1" || a.OrgRole != "org:admin" || len(a.OrgPermissions) != 0 {
		t.Fatalf("got org %q role %q permissions %d, want org_1, org:admin and none (over the 1024 cap)",
			a.OrgID, a.OrgRole, len(a.OrgPermissions))
	}
	if a.HasPermission("org:f:p0") || !a.HasRole("org:admin") {
		t.Fatal("has(): no permission over the cap, the role still holds")
	}
}

// HeaderType as an empty, non-nil slice is Clerk's headerType: []: no token passes.
func TestEmptyHeaderTypeListAcceptsNoToken(t *testing.T) {
	token := mintHS256(limitsClaims(""))
	_, err := hmacVerifier(t, Options{HeaderType: []string{}}).VerifyAt(token, clerkNow)
	wantCode(t, err, "token-invalid", "INVALID_TYPE")
	if _, err := hmacVerifier(t, Options{HeaderType: []string{"JWT"}}).VerifyAt(token, clerkNow); err != nil {
		t.Fatalf(`HeaderType ["JWT"]: %v`, err)
	}
	if _, err := hmacVerifier(t, Options{}).VerifyAt(token, clerkNow); err != nil {
		t.Fatalf("HeaderType nil: %v", err)
	}
}

// Errors carry Clerk's action, as the C ABI reports it.
func TestErrorAction(t *testing.T) {
	typ := b64url([]byte(`{"alg":"HS256","typ":"jwt"}`)) + "." + b64url([]byte(limitsClaims("")))
	_, err := hmacVerifier(t, Options{}).VerifyAt(typ+"."+b64url(make([]byte, 32)), clerkNow)
	var e *Error
	if !errors.As(err, &e) || e.Code != "INVALID_TYPE" || e.Action != "Make sure that this is a valid Clerk-generated JWT." {
		t.Fatalf("typ: %#v", err)
	}
	_, err = hmacVerifier(t, Options{}).VerifyAt(mintHS256(`{"sub":"user_1","exp":1}`), clerkNow)
	if !errors.As(err, &e) || e.Code != "TOKEN_EXPIRED" || e.Action != "" {
		t.Fatalf("expired: %#v", err)
	}
}
