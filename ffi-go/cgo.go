package sessionjwt

// The C library is linked statically from the repository's cargo build
// (target/release/libsessionjwt.a, made by `make test-go` or
// `cargo build --release -p sessionjwt-ffi`). To link an installed copy instead
// (`make install-ffi`, then pkg-config finds sessionjwt.pc), build with
// `-tags sessionjwt_system`. Extra flags can always be added through CGO_CFLAGS and
// CGO_LDFLAGS.

/*
#cgo !sessionjwt_system CFLAGS: -I${SRCDIR}/../include
#cgo !sessionjwt_system LDFLAGS: ${SRCDIR}/../target/release/libsessionjwt.a -lpthread -ldl -lm -lrt -lutil -lgcc_s
#cgo sessionjwt_system pkg-config: sessionjwt
#include "sessionjwt.h"
*/
import "C"

import "unsafe"

// emptyInput is what an empty Go string is passed as: the C ABI needs a non-NULL pointer
// for a present input, even of length 0.
var emptyInput byte

// cStr passes s to C without copying. C only reads it during the call.
func cStr(s string) (*C.uint8_t, C.size_t) {
	if len(s) == 0 {
		return (*C.uint8_t)(unsafe.Pointer(&emptyInput)), 0
	}
	return (*C.uint8_t)(unsafe.Pointer(unsafe.StringData(s))), C.size_t(len(s))
}

// cBytes passes b to C without copying.
func cBytes(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return (*C.uint8_t)(unsafe.Pointer(&emptyInput)), 0
	}
	return (*C.uint8_t)(unsafe.Pointer(unsafe.SliceData(b))), C.size_t(len(b))
}

// goStr copies a view out of C memory; "no value" becomes "".
func goStr(s C.sessionjwt_str) string {
	if s.data == nil || s.len == 0 {
		return ""
	}
	return C.GoStringN(s.data, C.int(s.len))
}

// goStrOK is goStr that also tells whether the view had a value.
func goStrOK(s C.sessionjwt_str) (string, bool) {
	return goStr(s), s.data != nil
}
