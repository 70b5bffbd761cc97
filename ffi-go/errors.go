package sessionjwt

/*
#include "sessionjwt.h"
*/
import "C"

import (
	"errors"
	"sync"
)

// Error is why a token, a key or an option was rejected. Every field comes from the core's
// single error vocabulary, through the C ABI.
type Error struct {
	// Reason is Clerk's TokenVerificationErrorReason ("token-expired", "token-invalid",
	// "token-invalid-signature", ...; "jwk-invalid" for key and option errors, except
	// "token-invalid-algorithm" for an unknown algorithm name), so code
	// written against @clerk/backend keeps working.
	Reason string
	// Code is the fine, stable identifier ("TOKEN_EXPIRED", "DUPLICATE_MEMBER", ...).
	Code string
	// Message is a human-readable description; it never contains token or key material.
	Message string
	// Action is Clerk's TokenVerificationErrorAction for the same failure ("Make sure that
	// this is a valid Clerk-generated JWT.", ...); empty when Clerk gives none.
	Action string
	// Number is the stable numeric code of the C ABI (sessionjwt_result).
	Number int
}

// Error implements error.
func (e *Error) Error() string {
	return "sessionjwt: " + e.Message + " (reason=" + e.Reason + ", code=" + e.Code + ")"
}

// Is reports whether target is an *Error with the same Number, so that
// errors.Is(err, &sessionjwt.Error{Number: n}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Number == e.Number
}

// ErrClosed is returned by a Verifier after Close.
var ErrClosed = errors.New("sessionjwt: the verifier is closed")

// descriptions caches the strings of each result number (they are static in the library).
var descriptions sync.Map // uint32 -> Error

// newError describes a non-zero result of the C ABI.
func newError(result C.sessionjwt_result) *Error {
	if d, ok := descriptions.Load(uint32(result)); ok {
		e := d.(Error)
		return &e
	}
	e := Error{
		Reason:  goStr(C.sessionjwt_result_reason(result)),
		Code:    goStr(C.sessionjwt_result_code(result)),
		Message: goStr(C.sessionjwt_result_message(result)),
		Action:  goStr(C.sessionjwt_result_action(result)),
		Number:  int(result),
	}
	descriptions.Store(uint32(result), e)
	return &e
}

// check turns a C result into an error (nil for SESSIONJWT_RESULT_OK).
func check(result C.sessionjwt_result) error {
	if result == C.SESSIONJWT_RESULT_OK {
		return nil
	}
	return newError(result)
}
