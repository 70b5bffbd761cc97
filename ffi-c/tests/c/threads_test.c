/* N threads verify with one shared verifier at once, and read one shared auth handle.
 *
 * The header promises that a sessionjwt_verifier is safe to share (options fixed, its
 * repeat-token cache synchronised: here, with the default cache, most verifications are
 * hits), and that a sessionjwt_auth may be read from several threads (its string views are
 * made on first use).
 * Run under AddressSanitizer and valgrind by `make test-c`. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "sessionjwt.h"
#include "test_util.h"

#define THREADS 8
#define ROUNDS 40

struct shared_state {
  const sessionjwt_verifier *verifier;
  const sessionjwt_auth *auth; /* read by every thread at the same time */
  pthread_barrier_t start;
};

static void *worker(void *arg) {
  struct shared_state *s = arg;
  size_t len = strlen(CLERK_TOKEN);
  uint8_t *token = exact_copy(CLERK_TOKEN, len);
  uint8_t *tampered = exact_copy(CLERK_TOKEN, len);
  tampered[len - 5] = tampered[len - 5] == 'A' ? 'B' : 'A';
  pthread_barrier_wait(&s->start);
  for (int i = 0; i < ROUNDS; i++) {
    sessionjwt_auth *auth = NULL;
    sessionjwt_result r = sessionjwt_verifier_verify(s->verifier, token, len, CLERK_NOW_MS, &auth);
    CHECK(r == SESSIONJWT_RESULT_OK, "round %d: %u", i, r);
    CHECK(str_is(sessionjwt_auth_user_id(auth), CLERK_SUB), "round %d: sub", i);
    sessionjwt_auth_free(auth);

    auth = UNTOUCHED;
    r = sessionjwt_verifier_verify(s->verifier, tampered, len, CLERK_NOW_MS, &auth);
    CHECK(r == SESSIONJWT_RESULT_INVALID_SIGNATURE && auth == UNTOUCHED, "round %d: tampered", i);

    r = sessionjwt_verifier_verify(s->verifier, token, len, CLERK_NOW_MS + 3600 * 1000, &auth);
    CHECK(r == SESSIONJWT_RESULT_TOKEN_EXPIRED && auth == UNTOUCHED, "round %d: expired", i);

    /* The shared handle: every thread races to make its views on the first round. */
    CHECK(str_is(sessionjwt_auth_user_id(s->auth), CLERK_SUB), "shared sub");
    CHECK(str_is(sessionjwt_auth_session_id(s->auth), "sess_2GbDB4enNdCa5vS1zpC3Xzg9tK9"),
          "shared sid");
  }
  free(tampered);
  free(token);
  return NULL;
}

int main(void) {
  sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
  REQUIRE(sessionjwt_verifier_builder_add_pem(b, u8(CLERK_PEM), strlen(CLERK_PEM)) ==
              SESSIONJWT_RESULT_OK,
          "pem");
  struct shared_state s;
  sessionjwt_verifier *verifier = NULL;
  REQUIRE(sessionjwt_verifier_builder_build(b, &verifier) == SESSIONJWT_RESULT_OK, "build");
  sessionjwt_verifier_builder_free(b);
  sessionjwt_auth *auth = NULL;
  REQUIRE(sessionjwt_verifier_verify(verifier, u8(CLERK_TOKEN), strlen(CLERK_TOKEN),
                                     CLERK_NOW_MS, &auth) == SESSIONJWT_RESULT_OK,
          "shared auth");
  s.verifier = verifier;
  s.auth = auth;
  REQUIRE(pthread_barrier_init(&s.start, NULL, THREADS) == 0, "barrier");

  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++) {
    REQUIRE(pthread_create(&threads[i], NULL, worker, &s) == 0, "pthread_create");
  }
  for (int i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);

  pthread_barrier_destroy(&s.start);
  sessionjwt_auth_free(auth);
  sessionjwt_verifier_free(verifier);
  CHECK(atomic_load(&tests_passed) == (long)THREADS * ROUNDS * 6, "every check ran");
  return test_summary("threads_test");
}
