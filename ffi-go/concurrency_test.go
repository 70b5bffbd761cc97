package sessionjwt

import (
	"errors"
	"sync"
	"testing"
)

// TestConcurrentVerify shares one verifier (and one Auth) between goroutines; `make
// test-go` runs it under the race detector.
func TestConcurrentVerify(t *testing.T) {
	v := pemVerifier(t)
	token := clerkToken(t, "mockJwt")
	shared, err := v.VerifyAt(token, clerkNow)
	if err != nil {
		t.Fatal(err)
	}
	const goroutines, rounds = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*rounds)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				a, err := v.VerifyAt(token, clerkNow)
				if err != nil || a.UserID != "user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr" {
					errs <- err
					return
				}
				if _, err := v.VerifyAt(token+"A", clerkNow); err == nil {
					errs <- errors.New("a tampered token verified")
					return
				}
				if shared.HasRole("admin") || len(shared.JSON()) == 0 || shared.Claim("sid") == nil {
					errs <- errors.New("shared Auth")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// TestConcurrentClose closes a verifier while goroutines use it: each call either
// completes or returns ErrClosed, and nothing touches freed memory.
func TestConcurrentClose(t *testing.T) {
	v := pemVerifier(t)
	token := clerkToken(t, "mockJwt")
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if _, err := v.VerifyAt(token, clerkNow); err != nil && !errors.Is(err, ErrClosed) {
					t.Error(err)
					return
				}
			}
		}()
	}
	v.Close()
	wg.Wait()
}
