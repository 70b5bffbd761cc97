package sessionjwt

/*
#include "sessionjwt.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// RequestState is the outcome of request authentication (the core's networkless version of
// @clerk/backend's authenticateRequest).
type RequestState struct {
	// SignedIn: a valid session token was found. Auth.IsAuthenticated can still be false
	// (a pending session treated as signed out).
	SignedIn bool
	// Reason is Clerk's reason when signed out: a request reason
	// ("session-token-and-uat-missing", "dev-browser-missing", "token-type-mismatch",
	// handshake reasons such as "session-token-expired-refresh-non-eligible-no-refresh-cookie")
	// or a verification reason ("token-invalid-signature", ...). Empty when signed in.
	Reason string
	// Err is the verification error behind a signed-out state, if verification ran.
	Err *Error
	// Carrier is where the token was found: "header", "cookie", or "".
	Carrier string
	// Auth is the auth object when signed in, nil otherwise.
	Auth *Auth
}

// AuthenticateRequest (at Options.Clock) reads the Authorization header (Bearer token) or the __session
// cookie, with Clerk's __client_uat and dev-browser rules, and verifies the token; all of
// it runs in the core. The error is non-nil only when authentication could not run (a
// closed verifier); a request without a valid token is a signed-out state, not an error.
func (v *Verifier) AuthenticateRequest(r *http.Request) (*RequestState, error) {
	return v.AuthenticateRequestAt(r, v.clock())
}

// AuthenticateRequestAt is AuthenticateRequest as of now.
func (v *Verifier) AuthenticateRequestAt(r *http.Request, now time.Time) (*RequestState, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.ptr == nil {
		return nil, ErrClosed
	}
	// An absent header is NULL, a present empty one is "": the core tells them apart.
	var authPtr, cookiePtr *C.uint8_t
	var authLen, cookieLen C.size_t
	if values, ok := r.Header["Authorization"]; ok && len(values) > 0 {
		authPtr, authLen = cStr(values[0])
	}
	// HTTP/2 may split cookies over several fields; they are one header joined by "; ".
	if values := r.Header.Values("Cookie"); len(values) > 0 {
		cookiePtr, cookieLen = cStr(strings.Join(values, "; "))
	}
	methodPtr, methodLen := cStr(r.Method)
	var outcome C.sessionjwt_request_outcome
	var handle *C.sessionjwt_auth
	err := check(C.sessionjwt_verifier_authenticate_request(v.ptr, authPtr, authLen, cookiePtr, cookieLen,
		methodPtr, methodLen, C.int64_t(now.UnixMilli()), &outcome, &handle))
	if err != nil {
		return nil, err
	}
	state := &RequestState{
		SignedIn: outcome.status == C.SESSIONJWT_AUTH_STATUS_SIGNED_IN,
		Reason:   goStr(outcome.reason),
	}
	switch outcome.carrier {
	case C.SESSIONJWT_TOKEN_CARRIER_HEADER:
		state.Carrier = "header"
	case C.SESSIONJWT_TOKEN_CARRIER_COOKIE:
		state.Carrier = "cookie"
	}
	if outcome.error != C.SESSIONJWT_RESULT_OK {
		state.Err = newError(outcome.error)
	}
	if handle != nil {
		state.Auth = newAuth(handle)
	}
	return state, nil
}

type contextKey struct{}

// decided is what Middleware and RequireAuth store in a request's context: the state and
// the verifier that decided it.
type decided struct {
	verifier *Verifier
	state    *RequestState
}

// RequestStateFromContext returns the state Middleware or RequireAuth stored (the last
// one, when several verifiers ran), or nil.
func RequestStateFromContext(ctx context.Context) *RequestState {
	d, _ := ctx.Value(contextKey{}).(decided)
	return d.state
}

// AuthFromContext returns the signed-in *Auth that Middleware or RequireAuth stored, or nil
// when the request is signed out (or was not authenticated).
func AuthFromContext(ctx context.Context) *Auth {
	if s := RequestStateFromContext(ctx); s != nil && s.Auth.IsAuthenticated() {
		return s.Auth
	}
	return nil
}

// authenticated stores the request state in the request's context, once per verifier: a
// state decided by another verifier (other keys, parties or audiences) is never reused.
func (v *Verifier) authenticated(r *http.Request) (*http.Request, *RequestState, error) {
	if d, ok := r.Context().Value(contextKey{}).(decided); ok && d.verifier == v {
		return r, d.state, nil
	}
	s, err := v.AuthenticateRequest(r)
	if err != nil {
		return r, nil, err
	}
	return r.WithContext(context.WithValue(r.Context(), contextKey{}, decided{v, s})), s, nil
}

// Middleware authenticates every request and stores the outcome in its context
// (AuthFromContext, RequestStateFromContext), then calls next whether signed in or not.
// Use RequireAuth on handlers that need a signed-in user. If authentication cannot run
// (a closed verifier), the request is answered 401: the middleware fails closed.
func (v *Verifier) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, _, err := v.authenticated(r)
		if err != nil {
			unauthorized(w, "internal-error", err.Error())
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequireAuth protects next: a request whose auth object is not signed in gets
// 401 Unauthorized with a JSON body {"status":"signed-out","reason":...,"message":...}.
// It authenticates the request unless Middleware already did.
//
// A pending session treated as signed out (a valid token whose Auth is not authenticated)
// is answered with the reason "session-pending".
func (v *Verifier) RequireAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, s, err := v.authenticated(r)
		switch {
		case err != nil:
			unauthorized(w, "internal-error", err.Error())
		case s.Auth.IsAuthenticated():
			next.ServeHTTP(w, r)
		case s.SignedIn:
			unauthorized(w, "session-pending", "The session is pending, and pending sessions are treated as signed out.")
		case s.Err != nil:
			unauthorized(w, s.Reason, s.Err.Message)
		default:
			unauthorized(w, s.Reason, "")
		}
	})
}

// unauthorized writes the 401 JSON answer.
func unauthorized(w http.ResponseWriter, reason, message string) {
	body, _ := json.Marshal(struct {
		Status  string `json:"status"`
		Reason  string `json:"reason"`
		Message string `json:"message,omitempty"`
	}{"signed-out", reason, message})
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("WWW-Authenticate", `Bearer realm="sessionjwt"`)
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = w.Write(append(body, '\n'))
}
