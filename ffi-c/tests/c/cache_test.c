/* The repeat-token cache of a sessionjwt_verifier, through the C ABI: exact outcomes and exact
 * counters (sessionjwt_verifier_cache_stats), on both verify paths (verify and request
 * authentication), single-threaded and with threads sharing one verifier.
 *
 * Every cached answer is compared with the answer of a verifier whose cache is off (capacity
 * 0), which verifies in full every time: same result code, same claims, same auth object.
 * Run under AddressSanitizer + UBSan and under valgrind by `make test-c`. No timing is
 * measured or asserted: every `now` is explicit. */
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

/* ---- helpers ---------------------------------------------------------------------------- */

/* A verifier for the Clerk fixture key (RS256). `capacity` < 0 keeps the builder's default. */
static sessionjwt_verifier *pem_verifier(long capacity) {
  sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
  REQUIRE(b != NULL, "builder_new");
  REQUIRE(sessionjwt_verifier_builder_add_pem(b, u8(CLERK_PEM), strlen(CLERK_PEM)) ==
              SESSIONJWT_RESULT_OK,
          "pem");
  if (capacity >= 0) {
    REQUIRE(sessionjwt_verifier_builder_set_cache_capacity(b, (size_t)capacity) ==
                SESSIONJWT_RESULT_OK,
            "capacity %ld", capacity);
  }
  sessionjwt_verifier *v = NULL;
  REQUIRE(sessionjwt_verifier_builder_build(b, &v) == SESSIONJWT_RESULT_OK, "build");
  sessionjwt_verifier_builder_free(b);
  return v;
}

/* A verifier for the HMAC fixture secret (the HS256 fixture tokens), with `capacity` slots. */
static sessionjwt_verifier *hmac_verifier(size_t capacity) {
  sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
  REQUIRE(sessionjwt_verifier_builder_add_hmac_secret(b, HMAC_SECRET, sizeof HMAC_SECRET - 1) ==
              SESSIONJWT_RESULT_OK,
          "secret");
  REQUIRE(sessionjwt_verifier_builder_set_cache_capacity(b, capacity) == SESSIONJWT_RESULT_OK,
          "capacity");
  sessionjwt_verifier *v = NULL;
  REQUIRE(sessionjwt_verifier_builder_build(b, &v) == SESSIONJWT_RESULT_OK, "build");
  sessionjwt_verifier_builder_free(b);
  return v;
}

static sessionjwt_cache_stats stats_of(const sessionjwt_verifier *v) {
  sessionjwt_cache_stats s;
  memset(&s, 0xAB, sizeof s);
  REQUIRE(sessionjwt_verifier_cache_stats(v, &s) == SESSIONJWT_RESULT_OK, "cache_stats");
  return s;
}

static bool stats_are(const sessionjwt_verifier *v, uint64_t hits, uint64_t misses,
                      uint64_t inserts) {
  sessionjwt_cache_stats s = stats_of(v);
  if (s.hits == hits && s.misses == misses && s.inserts == inserts) return true;
  fprintf(stderr, "  stats: hits %llu misses %llu inserts %llu, want %llu %llu %llu\n",
          (unsigned long long)s.hits, (unsigned long long)s.misses,
          (unsigned long long)s.inserts, (unsigned long long)hits, (unsigned long long)misses,
          (unsigned long long)inserts);
  return false;
}

/* Verifies an exact heap copy of `token` (no terminator: ASan and valgrind see any overread). */
static sessionjwt_result verify_at(const sessionjwt_verifier *v, const char *token, int64_t now,
                                   sessionjwt_auth **auth_out) {
  size_t len = strlen(token);
  uint8_t *copy = exact_copy(token, len);
  sessionjwt_result r = sessionjwt_verifier_verify(v, copy, len, now, auth_out);
  free(copy);
  return r;
}

static bool views_equal(sessionjwt_str a, sessionjwt_str b) {
  if (a.data == NULL || b.data == NULL) return a.data == b.data && a.len == b.len;
  return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

/* Whether two auth handles hold the same verified token and auth object. */
static bool same_auth(const sessionjwt_auth *a, const sessionjwt_auth *b) {
  int64_t ia = 0, ib = 0, na = 0, nb = 0;
  bool has_ia = sessionjwt_auth_issued_at_ms(a, &ia), has_ib = sessionjwt_auth_issued_at_ms(b, &ib);
  bool has_na = sessionjwt_auth_not_before_ms(a, &na);
  bool has_nb = sessionjwt_auth_not_before_ms(b, &nb);
  return views_equal(sessionjwt_auth_payload_json(a), sessionjwt_auth_payload_json(b)) &&
         views_equal(sessionjwt_auth_json(a), sessionjwt_auth_json(b)) &&
         views_equal(sessionjwt_auth_algorithm(a), sessionjwt_auth_algorithm(b)) &&
         views_equal(sessionjwt_auth_user_id(a), sessionjwt_auth_user_id(b)) &&
         views_equal(sessionjwt_auth_session_id(a), sessionjwt_auth_session_id(b)) &&
         views_equal(sessionjwt_auth_issuer(a), sessionjwt_auth_issuer(b)) &&
         views_equal(sessionjwt_auth_authorized_party(a), sessionjwt_auth_authorized_party(b)) &&
         views_equal(sessionjwt_auth_org_id(a), sessionjwt_auth_org_id(b)) &&
         views_equal(sessionjwt_auth_org_role(a), sessionjwt_auth_org_role(b)) &&
         sessionjwt_auth_org_permissions_count(a) == sessionjwt_auth_org_permissions_count(b) &&
         sessionjwt_auth_is_authenticated(a) == sessionjwt_auth_is_authenticated(b) &&
         sessionjwt_auth_expires_at_ms(a) == sessionjwt_auth_expires_at_ms(b) &&
         has_ia == has_ib && ia == ib && has_na == has_nb && na == nb;
}

/* One request with `Authorization: Bearer <token>` at `now`. */
static sessionjwt_request_outcome bearer_at(const sessionjwt_verifier *v, const char *token,
                                            int64_t now, sessionjwt_auth **auth) {
  char header[4096];
  REQUIRE((size_t)snprintf(header, sizeof header, "Bearer %s", token) < sizeof header, "header");
  sessionjwt_request_outcome o;
  sessionjwt_result r = sessionjwt_verifier_authenticate_request(
      v, u8(header), strlen(header), NULL, 0, u8("GET"), 3, now, &o, auth);
  REQUIRE(r == SESSIONJWT_RESULT_OK, "authenticate_request: %u", r);
  return o;
}

/* One request with the token in the `__session` cookie (and `__client_uat`) at `now`. */
static sessionjwt_request_outcome cookie_at(const sessionjwt_verifier *v, const char *token,
                                            int64_t now, sessionjwt_auth **auth) {
  char cookie[4096];
  REQUIRE((size_t)snprintf(cookie, sizeof cookie, "__client_uat=1666648000; __session=%s",
                           token) < sizeof cookie,
          "cookie");
  sessionjwt_request_outcome o;
  sessionjwt_result r = sessionjwt_verifier_authenticate_request(
      v, NULL, 0, u8(cookie), strlen(cookie), u8("GET"), 3, now, &o, auth);
  REQUIRE(r == SESSIONJWT_RESULT_OK, "authenticate_request: %u", r);
  return o;
}

static bool same_outcome(sessionjwt_request_outcome a, sessionjwt_request_outcome b) {
  return a.status == b.status && views_equal(a.reason, b.reason) && a.error == b.error &&
         a.carrier == b.carrier;
}

/* The Clerk token's exp and nbf (ms), read from a verification (not hard-coded). */
static int64_t clerk_exp_ms, clerk_nbf_ms;
/* The builder's default clock skew (documented: 5000 ms). */
#define SKEW_MS INT64_C(5000)

/* ---- tests ------------------------------------------------------------------------------ */

static void test_defaults_and_arguments(void) {
  sessionjwt_verifier *v = pem_verifier(-1);
  sessionjwt_cache_stats s = stats_of(v);
  CHECK(s.capacity == SESSIONJWT_CACHE_CAPACITY_DEFAULT && s.capacity == 256,
        "default capacity: %zu", s.capacity);
  CHECK(s.hits == 0 && s.misses == 0 && s.inserts == 0, "fresh counters");

  const sessionjwt_result NA = SESSIONJWT_RESULT_NULL_ARGUMENT;
  CHECK(sessionjwt_verifier_builder_set_cache_capacity(NULL, 1) == NA, "NULL builder");
  sessionjwt_cache_stats untouched;
  memset(&untouched, 0x5A, sizeof untouched);
  sessionjwt_cache_stats out = untouched;
  CHECK(sessionjwt_verifier_cache_stats(NULL, &out) == NA &&
            memcmp(&out, &untouched, sizeof out) == 0,
        "NULL verifier: stats_out untouched");
  CHECK(sessionjwt_verifier_cache_stats(v, NULL) == NA, "NULL stats_out");
  sessionjwt_verifier_free(v);

  /* Over the documented maximum: INVALID_OPTION, and the builder keeps its last value. */
  sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
  REQUIRE(sessionjwt_verifier_builder_add_pem(b, u8(CLERK_PEM), strlen(CLERK_PEM)) ==
              SESSIONJWT_RESULT_OK,
          "pem");
  CHECK(sessionjwt_verifier_builder_set_cache_capacity(b, 3) == SESSIONJWT_RESULT_OK, "3");
  CHECK(sessionjwt_verifier_builder_set_cache_capacity(b, SESSIONJWT_CACHE_CAPACITY_MAX + 1) ==
            SESSIONJWT_RESULT_INVALID_OPTION,
        "MAX + 1");
  CHECK(sessionjwt_verifier_builder_set_cache_capacity(b, SIZE_MAX) ==
            SESSIONJWT_RESULT_INVALID_OPTION,
        "SIZE_MAX");
  REQUIRE(sessionjwt_verifier_builder_build(b, &v) == SESSIONJWT_RESULT_OK, "build");
  CHECK(stats_of(v).capacity == 3, "a refused capacity leaves the builder as it was");
  sessionjwt_verifier_free(v);
  sessionjwt_verifier_builder_free(b);
}

/* The second verification of a token is a hit with the same claims, and equals a full
 * verification by a verifier without cache. */
static void test_hit(void) {
  sessionjwt_verifier *v = pem_verifier(-1);
  sessionjwt_verifier *off = pem_verifier(0);
  sessionjwt_auth *first = NULL, *second = NULL, *cold = NULL;

  CHECK(verify_at(v, CLERK_TOKEN, CLERK_NOW_MS, &first) == SESSIONJWT_RESULT_OK, "first");
  CHECK(stats_are(v, 0, 1, 1), "first: a miss, then stored");
  CHECK(verify_at(v, CLERK_TOKEN, CLERK_NOW_MS, &second) == SESSIONJWT_RESULT_OK, "second");
  CHECK(stats_are(v, 1, 1, 1), "second: a hit");
  CHECK(verify_at(off, CLERK_TOKEN, CLERK_NOW_MS, &cold) == SESSIONJWT_RESULT_OK, "cold");
  REQUIRE(first && second && cold, "handles");
  CHECK(first != second, "each verification gives its own handle");
  CHECK(same_auth(first, second), "the hit has the first verification's claims");
  CHECK(same_auth(cold, second), "the hit equals a full verification");
  CHECK(str_is(sessionjwt_auth_user_id(second), CLERK_SUB), "sub");
  CHECK(str_is(sessionjwt_auth_algorithm(second), "RS256"), "alg");
  clerk_exp_ms = sessionjwt_auth_expires_at_ms(cold);
  REQUIRE(sessionjwt_auth_not_before_ms(cold, &clerk_nbf_ms), "nbf");
  REQUIRE(clerk_exp_ms > CLERK_NOW_MS && clerk_nbf_ms < CLERK_NOW_MS, "fixture times");

  /* The handles own their bytes: freeing one (or the verifier) leaves the other intact. */
  sessionjwt_auth_free(first);
  sessionjwt_verifier_free(v);
  CHECK(same_auth(cold, second), "after freeing the first handle and the verifier");
  sessionjwt_auth_free(second);
  sessionjwt_auth_free(cold);
  CHECK(stats_are(off, 0, 0, 0), "capacity 0 counts nothing");
  sessionjwt_verifier_free(off);
}

/* A cached token re-checks exp, nbf and iat at every call's `now`: each outcome equals a full
 * verification's, and an expired token is TOKEN_EXPIRED on the hit path. */
static void test_times_on_the_hit_path(void) {
  sessionjwt_verifier *v = pem_verifier(-1);
  sessionjwt_verifier *off = pem_verifier(0);
  const int64_t nows[] = {
      CLERK_NOW_MS,
      clerk_exp_ms + SKEW_MS - 1,
      clerk_exp_ms + SKEW_MS,
      clerk_exp_ms + SKEW_MS + 1,
      clerk_exp_ms + 3600 * 1000,
      clerk_nbf_ms - SKEW_MS,
      clerk_nbf_ms - SKEW_MS - 1,
      CLERK_NOW_MS - SKEW_MS - 1, /* after nbf - skew, before iat - skew */
      INT64_MAX,
      INT64_MIN,
  };
  for (size_t i = 0; i < sizeof nows / sizeof nows[0]; i++) {
    sessionjwt_auth *auth = NULL;
    /* Prime: the token is (again) in the cache. */
    REQUIRE(verify_at(v, CLERK_TOKEN, CLERK_NOW_MS, &auth) == SESSIONJWT_RESULT_OK, "prime");
    sessionjwt_auth_free(auth);
    uint64_t hits_before = stats_of(v).hits;

    sessionjwt_auth *cached = UNTOUCHED, *cold = UNTOUCHED;
    sessionjwt_result rc = verify_at(v, CLERK_TOKEN, nows[i], &cached);
    sessionjwt_result rf = verify_at(off, CLERK_TOKEN, nows[i], &cold);
    CHECK(stats_of(v).hits == hits_before + 1, "now #%zu: answered by the cache", i);
    CHECK(rc == rf, "now #%zu: cached %u, full %u", i, rc, rf);
    if (rc == SESSIONJWT_RESULT_OK && rf == SESSIONJWT_RESULT_OK) {
      CHECK(same_auth(cached, cold), "now #%zu: same auth", i);
      sessionjwt_auth_free(cached);
      sessionjwt_auth_free(cold);
    } else {
      CHECK(cached == UNTOUCHED && cold == UNTOUCHED, "now #%zu: outputs untouched", i);
    }
  }

  /* The explicit case: valid at CLERK_NOW_MS, expired one second past exp + skew. */
  sessionjwt_auth *auth = NULL;
  REQUIRE(verify_at(v, CLERK_TOKEN, CLERK_NOW_MS, &auth) == SESSIONJWT_RESULT_OK, "valid");
  sessionjwt_auth_free(auth);
  sessionjwt_cache_stats before = stats_of(v);
  auth = UNTOUCHED;
  CHECK(verify_at(v, CLERK_TOKEN, clerk_exp_ms + SKEW_MS + 1000, &auth) ==
                SESSIONJWT_RESULT_TOKEN_EXPIRED &&
            auth == UNTOUCHED,
        "expired between two calls: TOKEN_EXPIRED from the cache");
  CHECK(stats_are(v, before.hits + 1, before.misses, before.inserts), "that was a hit");
  CHECK(verify_at(off, CLERK_TOKEN, clerk_exp_ms + SKEW_MS + 1000, &auth) ==
                SESSIONJWT_RESULT_TOKEN_EXPIRED &&
            auth == UNTOUCHED,
        "and TOKEN_EXPIRED without cache");
  /* A valid time again still verifies (in full or from the cache, same answer). */
  CHECK(verify_at(v, CLERK_TOKEN, CLERK_NOW_MS, &auth) == SESSIONJWT_RESULT_OK, "valid again");
  sessionjwt_auth_free(auth);

  /* Request authentication goes through the same cache, with the same outcomes. */
  for (int carrier = 0; carrier < 2; carrier++) {
    sessionjwt_request_outcome (*request)(const sessionjwt_verifier *, const char *, int64_t,
                                          sessionjwt_auth **) = carrier ? cookie_at : bearer_at;
    const int64_t times[] = {CLERK_NOW_MS, clerk_exp_ms + SKEW_MS + 1000};
    for (size_t i = 0; i < 2; i++) {
      REQUIRE(verify_at(v, CLERK_TOKEN, CLERK_NOW_MS, &auth) == SESSIONJWT_RESULT_OK, "prime");
      sessionjwt_auth_free(auth);
      uint64_t hits_before = stats_of(v).hits;
      sessionjwt_auth *cached = UNTOUCHED, *cold = UNTOUCHED;
      sessionjwt_request_outcome oc = request(v, CLERK_TOKEN, times[i], &cached);
      sessionjwt_request_outcome of = request(off, CLERK_TOKEN, times[i], &cold);
      CHECK(stats_of(v).hits == hits_before + 1, "request %d/%zu: a hit", carrier, i);
      CHECK(same_outcome(oc, of), "request %d/%zu: %.*s vs %.*s", carrier, i,
            STR_ARGS(oc.reason), STR_ARGS(of.reason));
      if (i == 0) {
        CHECK(oc.status == SESSIONJWT_AUTH_STATUS_SIGNED_IN && cached && cold &&
                  same_auth(cached, cold),
              "request %d: signed in, same auth", carrier);
        sessionjwt_auth_free(cached);
        sessionjwt_auth_free(cold);
      } else {
        CHECK(oc.status == SESSIONJWT_AUTH_STATUS_SIGNED_OUT &&
                  oc.error == SESSIONJWT_RESULT_TOKEN_EXPIRED && cached == NULL && cold == NULL,
              "request %d: expired token signs out (%.*s)", carrier, STR_ARGS(oc.reason));
      }
    }
  }
  sessionjwt_verifier_free(v);
  sessionjwt_verifier_free(off);
}

/* Changing any byte of a cached token never gives a hit, and a failure is never stored. */
static void test_tampered_never_hits(void) {
  sessionjwt_verifier *v = pem_verifier(-1);
  sessionjwt_verifier *off = pem_verifier(0);
  sessionjwt_auth *auth = NULL;
  REQUIRE(verify_at(v, CLERK_TOKEN, CLERK_NOW_MS, &auth) == SESSIONJWT_RESULT_OK, "store");
  sessionjwt_auth_free(auth);
  REQUIRE(stats_are(v, 0, 1, 1), "stored");

  size_t len = strlen(CLERK_TOKEN);
  char *t = malloc(len + 2);
  REQUIRE(t != NULL, "out of memory");
  const char *first_dot = strchr(CLERK_TOKEN, '.');
  const size_t positions[] = {0, (size_t)(first_dot - CLERK_TOKEN) + 5, len / 2, len - 2, len - 1};
  uint64_t misses = 1;
  for (size_t i = 0; i < sizeof positions / sizeof positions[0]; i++) {
    memcpy(t, CLERK_TOKEN, len + 1);
    t[positions[i]] = t[positions[i]] == 'A' ? 'B' : 'A';
    for (int round = 0; round < 2; round++) { /* twice: a failure is not stored */
      sessionjwt_auth *a = UNTOUCHED, *b = UNTOUCHED;
      sessionjwt_result rc = verify_at(v, t, CLERK_NOW_MS, &a);
      sessionjwt_result rf = verify_at(off, t, CLERK_NOW_MS, &b);
      CHECK(rc != SESSIONJWT_RESULT_OK && rc == rf && a == UNTOUCHED,
            "byte %zu changed: cached %u, full %u", positions[i], rc, rf);
      misses++;
    }
  }
  /* One byte more, one byte fewer. */
  memcpy(t, CLERK_TOKEN, len);
  t[len] = 'A';
  t[len + 1] = '\0';
  CHECK(verify_at(v, t, CLERK_NOW_MS, &auth) != SESSIONJWT_RESULT_OK, "appended byte");
  t[len - 1] = '\0';
  CHECK(verify_at(v, t, CLERK_NOW_MS, &auth) != SESSIONJWT_RESULT_OK, "truncated");
  misses += 2;
  CHECK(stats_are(v, 0, misses, 1), "no hit, nothing stored");
  free(t);

  /* The untouched token is still a hit. */
  CHECK(verify_at(v, CLERK_TOKEN, CLERK_NOW_MS, &auth) == SESSIONJWT_RESULT_OK, "original");
  sessionjwt_auth_free(auth);
  CHECK(stats_are(v, 1, misses, 1), "original: a hit");

  /* Another verifier over the same key has its own cache. */
  sessionjwt_verifier *other = pem_verifier(-1);
  CHECK(verify_at(other, CLERK_TOKEN, CLERK_NOW_MS, &auth) == SESSIONJWT_RESULT_OK, "other");
  sessionjwt_auth_free(auth);
  CHECK(stats_are(other, 0, 1, 1), "other verifier: a miss");
  sessionjwt_verifier_free(other);
  sessionjwt_verifier_free(v);
  sessionjwt_verifier_free(off);
}

/* Capacity 0: no hit, ever, on either path. Capacity 1: one token at a time. */
static void test_capacities(void) {
  sessionjwt_verifier *off = pem_verifier(0);
  CHECK(stats_of(off).capacity == 0, "capacity 0");
  for (int i = 0; i < 5; i++) {
    sessionjwt_auth *auth = NULL;
    CHECK(verify_at(off, CLERK_TOKEN, CLERK_NOW_MS, &auth) == SESSIONJWT_RESULT_OK, "off %d", i);
    sessionjwt_auth_free(auth);
    sessionjwt_request_outcome o = bearer_at(off, CLERK_TOKEN, CLERK_NOW_MS, &auth);
    CHECK(o.status == SESSIONJWT_AUTH_STATUS_SIGNED_IN, "off, request %d", i);
    sessionjwt_auth_free(auth);
  }
  CHECK(stats_are(off, 0, 0, 0), "capacity 0: zero hits (and nothing counted)");
  sessionjwt_verifier_free(off);

  /* One slot, two tokens: A B A B misses every time (each evicts the other), then B hits. */
  sessionjwt_verifier *one = hmac_verifier(1);
  sessionjwt_verifier *none = hmac_verifier(0);
  const char *tokens[] = {TOKEN_V2_ORG, TOKEN_V1_ORG, TOKEN_V2_ORG, TOKEN_V1_ORG, TOKEN_V1_ORG};
  for (size_t i = 0; i < 5; i++) {
    sessionjwt_auth *a = NULL, *b = NULL;
    CHECK(verify_at(one, tokens[i], CLERK_NOW_MS, &a) == SESSIONJWT_RESULT_OK, "one slot %zu", i);
    CHECK(verify_at(none, tokens[i], CLERK_NOW_MS, &b) == SESSIONJWT_RESULT_OK, "none %zu", i);
    CHECK(a && b && same_auth(a, b), "one slot %zu: same auth as without cache", i);
    sessionjwt_auth_free(a);
    sessionjwt_auth_free(b);
  }
  CHECK(stats_of(one).capacity == 1, "capacity 1");
  CHECK(stats_are(one, 1, 4, 4), "one slot: 4 misses, then a hit");
  sessionjwt_verifier_free(one);
  sessionjwt_verifier_free(none);
}

/* ---- threads ---------------------------------------------------------------------------- */

#define THREADS 8
#define ROUNDS 25

struct shared {
  const sessionjwt_verifier *verifier;
  const sessionjwt_auth *reference; /* from a verifier without cache */
  bool with_expiry;
  pthread_barrier_t start;
};

static void *worker(void *arg) {
  struct shared *s = arg;
  size_t len = strlen(CLERK_TOKEN);
  char *tampered = malloc(len + 1);
  REQUIRE(tampered != NULL, "out of memory");
  memcpy(tampered, CLERK_TOKEN, len + 1);
  tampered[len - 5] = tampered[len - 5] == 'A' ? 'B' : 'A';
  pthread_barrier_wait(&s->start);
  for (int i = 0; i < ROUNDS; i++) {
    sessionjwt_auth *auth = NULL;
    sessionjwt_result r = verify_at(s->verifier, CLERK_TOKEN, CLERK_NOW_MS, &auth);
    CHECK(r == SESSIONJWT_RESULT_OK && same_auth(auth, s->reference), "round %d: %u", i, r);
    if (r == SESSIONJWT_RESULT_OK) sessionjwt_auth_free(auth);

    auth = UNTOUCHED;
    r = verify_at(s->verifier, tampered, CLERK_NOW_MS, &auth);
    CHECK(r == SESSIONJWT_RESULT_INVALID_SIGNATURE && auth == UNTOUCHED, "round %d: tampered", i);

    if (s->with_expiry) {
      r = verify_at(s->verifier, CLERK_TOKEN, clerk_exp_ms + SKEW_MS + 1000, &auth);
      CHECK(r == SESSIONJWT_RESULT_TOKEN_EXPIRED && auth == UNTOUCHED, "round %d: expired", i);
      auth = UNTOUCHED;
      sessionjwt_request_outcome o = bearer_at(s->verifier, CLERK_TOKEN, CLERK_NOW_MS, &auth);
      CHECK(o.status == SESSIONJWT_AUTH_STATUS_SIGNED_IN && auth != UNTOUCHED && auth != NULL &&
                same_auth(auth, s->reference),
            "round %d: request", i);
      if (auth != UNTOUCHED) sessionjwt_auth_free(auth);
    }
  }
  free(tampered);
  return NULL;
}

static void run_threads(struct shared *s) {
  REQUIRE(pthread_barrier_init(&s->start, NULL, THREADS) == 0, "barrier");
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++) {
    REQUIRE(pthread_create(&threads[i], NULL, worker, s) == 0, "pthread_create");
  }
  for (int i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
  pthread_barrier_destroy(&s->start);
}

static void test_threads(void) {
  sessionjwt_verifier *off = pem_verifier(0);
  sessionjwt_auth *reference = NULL;
  REQUIRE(verify_at(off, CLERK_TOKEN, CLERK_NOW_MS, &reference) == SESSIONJWT_RESULT_OK, "ref");

  /* Phase 1: the token is stored first, and nothing evicts it: every valid verification in
   * every thread is a hit, every tampered one a miss. Exact counts, whatever the schedule. */
  sessionjwt_verifier *v = pem_verifier(-1);
  sessionjwt_auth *auth = NULL;
  REQUIRE(verify_at(v, CLERK_TOKEN, CLERK_NOW_MS, &auth) == SESSIONJWT_RESULT_OK, "store");
  sessionjwt_auth_free(auth);
  struct shared s = {.verifier = v, .reference = reference, .with_expiry = false};
  run_threads(&s);
  CHECK(stats_are(v, THREADS * ROUNDS, 1 + THREADS * ROUNDS, 1), "threads: exact counters");

  /* Phase 2: expiry probes (which drop the entry) and request authentication interleave with
   * verifications: every outcome is still exact, and every lookup is counted once. */
  s.with_expiry = true;
  sessionjwt_cache_stats before = stats_of(v);
  run_threads(&s);
  sessionjwt_cache_stats after = stats_of(v);
  uint64_t lookups = (after.hits - before.hits) + (after.misses - before.misses);
  CHECK(lookups == (uint64_t)THREADS * ROUNDS * 4, "threads: %llu lookups",
        (unsigned long long)lookups);
  CHECK(after.inserts - before.inserts <= after.misses - before.misses, "inserts <= misses");

  sessionjwt_verifier_free(v);
  sessionjwt_auth_free(reference);
  sessionjwt_verifier_free(off);
}

int main(void) {
  test_defaults_and_arguments();
  test_hit();
  test_times_on_the_hit_path();
  test_tampered_never_hits();
  test_capacities();
  test_threads();
  return test_summary("cache_test");
}
