package sessionjwt

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestClerkHasCasesThroughTokens takes the rows of has-cases.json that build the auth
// object from claims, mints each set of claims as an HS256 token, verifies it through the
// binding, and asks Has with the row's parameters: the Go -> C -> core mapping of has().
// (Rows given as a ready auth object, or with non-string parameters, have no Go form; the
// core runs them all.)
func TestClerkHasCasesThroughTokens(t *testing.T) {
	var data struct {
		Cases []struct {
			Group    string                     `json:"group"`
			Claims   map[string]json.RawMessage `json:"claims"`
			Params   map[string]json.RawMessage `json:"params"`
			Expected bool                       `json:"expected"`
		} `json:"cases"`
	}
	decodeJSON(t, clerkFile(t, "has-cases.json"), &data)
	v := hmacVerifier(t, Options{})
	ran := 0
	for i, c := range data.Cases {
		if c.Claims == nil {
			continue
		}
		var p HasParams
		fields := map[string]*string{"role": &p.Role, "permission": &p.Permission, "feature": &p.Feature, "plan": &p.Plan}
		usable := true
		for name, raw := range c.Params {
			field, ok := fields[name]
			if !ok || json.Unmarshal(raw, field) != nil || *field == "" {
				usable = false
			}
		}
		if !usable {
			continue
		}
		claims := map[string]json.RawMessage{"iat": json.RawMessage(fmt.Sprint(clerkNowS)), "exp": json.RawMessage(fmt.Sprint(clerkNowS + 60))}
		for k, val := range c.Claims {
			claims[k] = val
		}
		payload, _ := json.Marshal(claims)
		a, err := v.VerifyAt(mintHS256(string(payload)), clerkNow)
		if err != nil {
			if c.Expected {
				t.Errorf("row %d (%s): %v", i, c.Group, err)
			}
			continue
		}
		if got := a.Has(p); got != c.Expected {
			t.Errorf("row %d (%s): claims %s params %+v: got %v", i, c.Group, payload, p, got)
		}
		ran++
	}
	if ran < 60 {
		t.Fatalf("only %d rows ran", ran)
	}
	t.Logf("%d has() rows through tokens", ran)
}
