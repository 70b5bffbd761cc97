package sessionjwt

/*
#include "sessionjwt.h"
*/
import "C"

import (
	"encoding/json"
	"runtime"
	"time"
	"unsafe"
)

// Auth is the result of a successful verification: Clerk's auth object (toAuth()) plus the
// verified token's standard claims. Fields are copied out of the core once; Has and the
// JSON accessors ask the core again. An Auth is immutable and safe for concurrent use.
//
// With TreatPendingAsSignedOut (the default), a pending session gives a signed-out Auth:
// IsAuthenticated false, UserID and the organization fields empty, SessionStatus
// "pending", and every Has false.
type Auth struct {
	// UserID is userId (the sub claim); empty when signed out.
	UserID string
	// SessionID is sessionId (sid).
	SessionID string
	// SessionStatus is sessionStatus (sts): "active", "pending", or "" when absent.
	SessionStatus string
	// Actor is the act claim (impersonation) as JSON, nil when absent.
	Actor json.RawMessage
	// FactorVerificationAge is fva: minutes since the first and second factor were
	// verified (-1: not enabled); nil unless the claim is an array of two integers.
	FactorVerificationAge []int
	// OrgID is orgId (v1 org_id, v2 o.id).
	OrgID string
	// OrgRole is orgRole (v1 org_role as is, v2 "org:" + o.rol).
	OrgRole string
	// OrgSlug is orgSlug (v1 org_slug, v2 o.slg).
	OrgSlug string
	// OrgPermissions is orgPermissions (v1 org_permissions, v2 expanded from o.per, o.fpm
	// and fea), nil when there are none.
	OrgPermissions []string
	// Features is the fea claim ("o:dashboard,u:profile"), read by HasFeature.
	Features string
	// Plans is the pla claim ("o:pro,u:free"), read by HasPlan.
	Plans string
	// Issuer is iss.
	Issuer string
	// AuthorizedParty is azp.
	AuthorizedParty string
	// Algorithm is the algorithm that verified the signature ("RS256", ...).
	Algorithm string
	// ExpiresAt is exp (seconds truncated, as Clerk does).
	ExpiresAt time.Time
	// IssuedAt is iat; zero when absent.
	IssuedAt time.Time
	// NotBefore is nbf; zero when absent.
	NotBefore time.Time

	authenticated bool
	handle        *authHandle
}

// authHandle owns the C auth handle; a cleanup frees it once the Auth is unreachable.
type authHandle struct {
	ptr *C.sessionjwt_auth
}

// newAuth takes ownership of a C auth handle.
func newAuth(ptr *C.sessionjwt_auth) *Auth {
	h := &authHandle{ptr: ptr}
	runtime.AddCleanup(h, func(p *C.sessionjwt_auth) { C.sessionjwt_auth_free(p) }, ptr)
	a := &Auth{
		UserID:          goStr(C.sessionjwt_auth_user_id(ptr)),
		SessionID:       goStr(C.sessionjwt_auth_session_id(ptr)),
		SessionStatus:   goStr(C.sessionjwt_auth_session_status(ptr)),
		OrgID:           goStr(C.sessionjwt_auth_org_id(ptr)),
		OrgRole:         goStr(C.sessionjwt_auth_org_role(ptr)),
		OrgSlug:         goStr(C.sessionjwt_auth_org_slug(ptr)),
		Features:        goStr(C.sessionjwt_auth_features(ptr)),
		Plans:           goStr(C.sessionjwt_auth_plans(ptr)),
		Issuer:          goStr(C.sessionjwt_auth_issuer(ptr)),
		AuthorizedParty: goStr(C.sessionjwt_auth_authorized_party(ptr)),
		Algorithm:       goStr(C.sessionjwt_auth_algorithm(ptr)),
		ExpiresAt:       time.UnixMilli(int64(C.sessionjwt_auth_expires_at_ms(ptr))),
		authenticated:   bool(C.sessionjwt_auth_is_authenticated(ptr)),
		handle:          h,
	}
	if actor, ok := goStrOK(C.sessionjwt_auth_actor_json(ptr)); ok {
		a.Actor = json.RawMessage(actor)
	}
	var first, second C.int64_t
	if C.sessionjwt_auth_factor_verification_age(ptr, &first, &second) {
		a.FactorVerificationAge = []int{int(first), int(second)}
	}
	if n := int(C.sessionjwt_auth_org_permissions_count(ptr)); n > 0 {
		a.OrgPermissions = make([]string, n)
		for i := range a.OrgPermissions {
			a.OrgPermissions[i] = goStr(C.sessionjwt_auth_org_permission(ptr, C.size_t(i)))
		}
	}
	var ms C.int64_t
	if C.sessionjwt_auth_issued_at_ms(ptr, &ms) {
		a.IssuedAt = time.UnixMilli(int64(ms))
	}
	if C.sessionjwt_auth_not_before_ms(ptr, &ms) {
		a.NotBefore = time.UnixMilli(int64(ms))
	}
	return a
}

// IsAuthenticated reports whether the auth object is signed in (Clerk's isAuthenticated):
// false for a pending session treated as signed out.
func (a *Auth) IsAuthenticated() bool {
	return a != nil && a.authenticated
}

// view runs f on the C handle, keeping it alive for the call; a nil *Auth (a signed-out
// RequestState's) has no value.
func (a *Auth) view(f func(*C.sessionjwt_auth) C.sessionjwt_str) (string, bool) {
	if a == nil || a.handle == nil {
		return "", false
	}
	s, ok := goStrOK(f(a.handle.ptr))
	runtime.KeepAlive(a.handle)
	return s, ok
}

// JSON is the auth object as Clerk shapes it: {"userId","sessionId","sessionStatus",
// "actor","factorVerificationAge","orgId","orgRole","orgSlug","orgPermissions"} (undefined
// properties left out, null kept), rendered by the core.
func (a *Auth) JSON() json.RawMessage {
	s, _ := a.view(func(p *C.sessionjwt_auth) C.sessionjwt_str { return C.sessionjwt_auth_json(p) })
	return json.RawMessage(s)
}

// Payload is the verified payload JSON, byte for byte as signed.
func (a *Auth) Payload() json.RawMessage {
	s, _ := a.view(func(p *C.sessionjwt_auth) C.sessionjwt_str { return C.sessionjwt_auth_payload_json(p) })
	return json.RawMessage(s)
}

// Claim is the exact JSON text of any payload member (custom claims included), nil when
// the payload has none of that name.
func (a *Auth) Claim(name string) json.RawMessage {
	s, ok := a.view(func(p *C.sessionjwt_auth) C.sessionjwt_str {
		n, l := cStr(name)
		return C.sessionjwt_auth_claim_json(p, n, l)
	})
	if !ok {
		return nil
	}
	return json.RawMessage(s)
}

// Reverification is a custom reverification requirement for HasParams.
type Reverification struct {
	// Level is "first_factor", "second_factor" or "multi_factor".
	Level string
	// AfterMinutes is how recent, in minutes (finite, above 0).
	AfterMinutes float64
}

// HasParams are Clerk's has() parameters; empty strings and nil are "not asked". Every
// asked check must pass.
type HasParams struct {
	// Role is an org role, with or without "org:".
	Role string
	// Permission is an org permission ("org:billing:read").
	Permission string
	// Feature is a feature, optionally scoped ("o:", "org:", "organization:", "u:", "user:").
	Feature string
	// Plan is a plan, scoped like Feature.
	Plan string
	// ReverificationPreset is "strict_mfa", "strict", "moderate" or "lax".
	ReverificationPreset string
	// Reverification is a custom requirement (do not combine with ReverificationPreset).
	Reverification *Reverification
}

// Has is Clerk's has(): true only when something is asked and every asked check passes
// (the core decides; see the C function sessionjwt_auth_has).
func (a *Auth) Has(p HasParams) bool {
	if a == nil || a.handle == nil {
		return false
	}
	var pinner runtime.Pinner
	defer pinner.Unpin()
	view := func(s string) C.sessionjwt_str {
		if s == "" {
			return C.sessionjwt_str{}
		}
		data := unsafe.StringData(s)
		pinner.Pin(data)
		return C.sessionjwt_str{data: (*C.char)(unsafe.Pointer(data)), len: C.size_t(len(s))}
	}
	params := C.sessionjwt_has_params{
		role:           view(p.Role),
		permission:     view(p.Permission),
		feature:        view(p.Feature),
		plan:           view(p.Plan),
		reverification: view(p.ReverificationPreset),
	}
	if r := p.Reverification; r != nil {
		params.reverification_level = view(r.Level)
		if r.Level == "" {
			// A custom requirement is asked even with an empty level (which fails).
			params.reverification_level = C.sessionjwt_str{data: (*C.char)(unsafe.Pointer(&emptyInput))}
		}
		params.reverification_after_minutes = C.double(r.AfterMinutes)
	}
	ok := bool(C.sessionjwt_auth_has(a.handle.ptr, &params))
	runtime.KeepAlive(a.handle)
	return ok
}

// one runs a single-dimension has() function of the C ABI. Unlike a HasParams field, an
// empty string is asked (the core's rules then decide).
func (a *Auth) one(value string, has func(*C.sessionjwt_auth, *C.uint8_t, C.size_t) C.bool) bool {
	if a == nil || a.handle == nil {
		return false
	}
	p, n := cStr(value)
	ok := bool(has(a.handle.ptr, p, n))
	runtime.KeepAlive(a.handle)
	return ok
}

// HasRole is has({role}): the org role, with or without "org:" ("admin", "org:admin").
func (a *Auth) HasRole(role string) bool {
	return a.one(role, func(h *C.sessionjwt_auth, p *C.uint8_t, n C.size_t) C.bool {
		return C.sessionjwt_auth_has_role(h, p, n)
	})
}

// HasPermission is has({permission}): an org permission ("org:billing:read").
func (a *Auth) HasPermission(permission string) bool {
	return a.one(permission, func(h *C.sessionjwt_auth, p *C.uint8_t, n C.size_t) C.bool {
		return C.sessionjwt_auth_has_permission(h, p, n)
	})
}

// HasFeature is has({feature}): a feature, optionally scoped ("o:dashboard", "user:profile").
func (a *Auth) HasFeature(feature string) bool {
	return a.one(feature, func(h *C.sessionjwt_auth, p *C.uint8_t, n C.size_t) C.bool {
		return C.sessionjwt_auth_has_feature(h, p, n)
	})
}

// HasPlan is has({plan}): a plan, optionally scoped ("o:pro", "u:free").
func (a *Auth) HasPlan(plan string) bool {
	return a.one(plan, func(h *C.sessionjwt_auth, p *C.uint8_t, n C.size_t) C.bool {
		return C.sessionjwt_auth_has_plan(h, p, n)
	})
}

// HasReverification is has({reverification: preset}): "strict_mfa", "strict", "moderate"
// or "lax".
func (a *Auth) HasReverification(preset string) bool {
	return a.one(preset, func(h *C.sessionjwt_auth, p *C.uint8_t, n C.size_t) C.bool {
		return C.sessionjwt_auth_has_reverification(h, p, n)
	})
}

// HasReverificationCustom is has({reverification: {level, afterMinutes}}).
func (a *Auth) HasReverificationCustom(level string, afterMinutes float64) bool {
	return a.one(level, func(h *C.sessionjwt_auth, p *C.uint8_t, n C.size_t) C.bool {
		return C.sessionjwt_auth_has_reverification_custom(h, p, n, C.double(afterMinutes))
	})
}
