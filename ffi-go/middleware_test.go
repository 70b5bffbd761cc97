package sessionjwt

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

type requestCase struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	Request struct {
		URL     string            `json:"url"`
		Method  string            `json:"method"`
		Headers map[string]string `json:"headers"`
		Cookies map[string]string `json:"cookies"`
	} `json:"request"`
	Options struct {
		PublishableKey    string   `json:"publishableKey"`
		JWTKey            string   `json:"jwtKey"`
		AuthorizedParties []string `json:"authorizedParties"`
	} `json:"options"`
	NowMs  int64 `json:"nowMs"`
	Expect struct {
		Status string  `json:"status"`
		Reason *string `json:"reason"`
	} `json:"expect"`
}

type unauthorizedBody struct {
	Status  string `json:"status"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// serve runs one request through h and returns the recorder.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// TestMiddlewareClerkAuthenticateRequestCases sends every request of
// authenticate-request-cases.json through Middleware and RequireAuth. Clerk's handshake
// outcomes need the network; here they are signed out with the same reason, as in the core.
func TestMiddlewareClerkAuthenticateRequestCases(t *testing.T) {
	var data struct {
		Cases []requestCase `json:"cases"`
	}
	decodeJSON(t, clerkFile(t, "authenticate-request-cases.json"), &data)
	if len(data.Cases) < 20 {
		t.Fatalf("only %d cases", len(data.Cases))
	}
	for _, c := range data.Cases {
		t.Run(c.ID, func(t *testing.T) {
			now := time.UnixMilli(c.NowMs)
			v, err := NewVerifier(Options{
				JWTKey:            string(clerkFile(t, c.Options.JWTKey)),
				AuthorizedParties: c.Options.AuthorizedParties,
				PublishableKey:    c.Options.PublishableKey,
				Clock:             func() time.Time { return now },
			})
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			request := func() *http.Request {
				r := httptest.NewRequest(c.Request.Method, c.Request.URL, nil)
				for k, val := range c.Request.Headers {
					r.Header.Set(k, val)
				}
				var cookies []string
				for k, val := range c.Request.Cookies {
					cookies = append(cookies, k+"="+val)
				}
				if len(cookies) > 0 {
					r.Header.Set("Cookie", strings.Join(cookies, "; "))
				}
				return r
			}
			wantSignedIn := c.Expect.Status == "signed-in"
			wantReason := ""
			if !wantSignedIn {
				wantReason = *c.Expect.Reason
			}

			var state *RequestState
			var auth *Auth
			h := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				state = RequestStateFromContext(r.Context())
				auth = AuthFromContext(r.Context())
				w.WriteHeader(http.StatusTeapot)
			}))
			if w := serve(h, request()); w.Code != http.StatusTeapot {
				t.Fatalf("Middleware answered %d; it must call the next handler", w.Code)
			}
			if state == nil || state.SignedIn != wantSignedIn || state.Reason != wantReason {
				t.Fatalf("state %+v, want signedIn=%v reason=%q", state, wantSignedIn, wantReason)
			}
			if wantSignedIn != (auth != nil) {
				t.Fatalf("AuthFromContext = %v, signed in: %v", auth, wantSignedIn)
			}
			if auth != nil && auth.UserID != "user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr" {
				t.Fatalf("UserID %q", auth.UserID)
			}

			protected := v.RequireAuth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if AuthFromContext(r.Context()) == nil {
					t.Error("RequireAuth called the handler without an Auth")
				}
				w.WriteHeader(http.StatusOK)
			}))
			w := serve(protected, request())
			if wantSignedIn {
				if w.Code != http.StatusOK {
					t.Fatalf("protected: %d %s", w.Code, w.Body)
				}
				return
			}
			if w.Code != http.StatusUnauthorized || w.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("protected: %d %q", w.Code, w.Header().Get("Content-Type"))
			}
			var body unauthorizedBody
			decodeJSON(t, w.Body.Bytes(), &body)
			if body.Status != "signed-out" || body.Reason != wantReason {
				t.Fatalf("401 body %+v, want reason %q", body, wantReason)
			}
		})
	}
}

func TestMiddlewareBearerAndCookie(t *testing.T) {
	now := time.UnixMilli(clerkNowMs)
	v := hmacVerifier(t, Options{Clock: func() time.Time { return now }})
	token := mintHS256(`{"sub":"user_1","sid":"sess_1","iat":1666648250,"exp":1666648310}`)
	pending := mintHS256(`{"sub":"user_p","sts":"pending","iat":1666648250,"exp":1666648310}`)
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(AuthFromContext(r.Context()).UserID))
	})
	protected := v.RequireAuth(ok)

	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	if w := serve(protected, r); w.Code != 200 || w.Body.String() != "user_1" {
		t.Fatalf("bearer: %d %s", w.Code, w.Body)
	}

	r = httptest.NewRequest("POST", "/", nil)
	r.AddCookie(&http.Cookie{Name: "__client_uat", Value: "1666648000"})
	r.AddCookie(&http.Cookie{Name: "__session", Value: token})
	if w := serve(protected, r); w.Code != 200 || w.Body.String() != "user_1" {
		t.Fatalf("cookie: %d %s", w.Code, w.Body)
	}

	// Cookies split over two header fields (HTTP/2) are one Cookie header.
	r = httptest.NewRequest("GET", "/", nil)
	r.Header.Add("Cookie", "__client_uat=1666648000")
	r.Header.Add("Cookie", "__session="+token)
	if w := serve(protected, r); w.Code != 200 {
		t.Fatalf("split cookies: %d %s", w.Code, w.Body)
	}

	// Signed out: 401 JSON with Clerk's reason and the core's message.
	r = httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Bearer "+token+"x")
	w := serve(protected, r)
	var body unauthorizedBody
	decodeJSON(t, w.Body.Bytes(), &body)
	if w.Code != 401 || body.Reason != "token-invalid-signature" || body.Message == "" ||
		w.Header().Get("WWW-Authenticate") == "" {
		t.Fatalf("bad token: %d %+v", w.Code, body)
	}

	// A pending session verifies, but is signed out for protected handlers.
	r = httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Bearer "+pending)
	w = serve(protected, r)
	decodeJSON(t, w.Body.Bytes(), &body)
	if w.Code != 401 || body.Reason != "session-pending" {
		t.Fatalf("pending: %d %+v", w.Code, body)
	}

	// Middleware then RequireAuth authenticates once.
	var calls int
	counting := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		protected.ServeHTTP(w, r)
	}))
	r = httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	if w := serve(counting, r); w.Code != 200 || calls != 1 {
		t.Fatalf("chained: %d, %d calls", w.Code, calls)
	}

	// Another verifier's decision is not reused: a stricter one (authorized parties, and the
	// token has no azp) behind a lenient Middleware still refuses.
	strict := hmacVerifier(t, Options{Clock: func() time.Time { return now }, AuthorizedParties: []string{"https://app.example"}})
	r = httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	w = serve(v.Middleware(strict.RequireAuth(ok)), r)
	decodeJSON(t, w.Body.Bytes(), &body)
	if w.Code != 401 || body.Reason != "token-invalid-authorized-parties" {
		t.Fatalf("stricter verifier behind another's Middleware: %d %+v", w.Code, body)
	}

	// A signed-out state's Auth is nil; its accessors answer empty, never panic.
	var none *Auth
	if none.Claim("sub") != nil || len(none.JSON()) != 0 || len(none.Payload()) != 0 || none.IsAuthenticated() {
		t.Fatalf("nil Auth: %q %q %q", none.Claim("sub"), none.JSON(), none.Payload())
	}

	// A closed verifier fails closed.
	v.Close()
	r = httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	if w := serve(protected, r); w.Code != 401 {
		t.Fatalf("closed verifier: %d", w.Code)
	}
	if w := serve(v.Middleware(ok), r); w.Code != 401 {
		t.Fatalf("closed verifier, Middleware: %d", w.Code)
	}
}

func TestUnauthorizedBodyIsJSON(t *testing.T) {
	w := httptest.NewRecorder()
	unauthorized(w, `a"b`, "m\n")
	var m map[string]string
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil || m["reason"] != `a"b` {
		t.Fatalf("%v %v", err, m)
	}
}
