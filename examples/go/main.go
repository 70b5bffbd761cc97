// Command server is a minimal net/http service protected by sessionjwt.
//
//	CLERK_JWT_KEY="$(cat public-key.pem)" go run . -addr 127.0.0.1:8080
//	curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/me
//
// /api/me needs a signed-in session (401 JSON otherwise); / answers either way. Build the
// C library first: cargo build --release -p sessionjwt-ffi (`make test-go` builds and
// vets this example).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"

	"example.invalid/sessionjwt"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()

	v, err := sessionjwt.NewVerifier(sessionjwt.Options{
		JWTKey:            os.Getenv("CLERK_JWT_KEY"),
		AuthorizedParties: strings.FieldsFunc(os.Getenv("CLERK_AUTHORIZED_PARTIES"), func(r rune) bool { return r == ',' }),
	})
	if err != nil {
		log.Fatal(err)
	}

	log.Printf("listening on %s", *addr)
	log.Fatal(http.ListenAndServe(*addr, newMux(v)))
}

// newMux routes / (anyone) and /api/me (signed-in sessions only).
func newMux(v *sessionjwt.Verifier) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/api/me", v.RequireAuth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := sessionjwt.AuthFromContext(r.Context())
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"userId":    auth.UserID,
			"sessionId": auth.SessionID,
			"orgId":     auth.OrgID,
			"isAdmin":   auth.HasRole("admin"),
		})
	})))
	mux.Handle("/", v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if auth := sessionjwt.AuthFromContext(r.Context()); auth != nil {
			fmt.Fprintf(w, "hello, %s\n", auth.UserID)
			return
		}
		state := sessionjwt.RequestStateFromContext(r.Context())
		fmt.Fprintf(w, "hello, guest (%s)\n", state.Reason)
	})))
	return mux
}
