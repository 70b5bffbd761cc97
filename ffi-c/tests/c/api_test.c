/* The C ABI test: the Clerk verify cases, argument handling (NULL, zero lengths, embedded NUL,
 * invalid UTF-8, outputs left untouched on failure), accessors and request authentication.
 *
 * Built with -Wall -Wextra -Werror -std=c11 and run under AddressSanitizer + UBSan and under
 * valgrind by `make test-c`. The fixtures header is generated at test time by gen_cases.py. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "sessionjwt.h"
#include "test_util.h"

/* ---- helpers ---------------------------------------------------------------------------- */

static sessionjwt_result add_list(sessionjwt_verifier_builder *b, const char *const *list,
                                  sessionjwt_result (*add)(sessionjwt_verifier_builder *,
                                                           const uint8_t *, size_t)) {
  for (; *list; list++) {
    sessionjwt_result r = add(b, u8(*list), strlen(*list));
    if (r != SESSIONJWT_RESULT_OK) return r;
  }
  return SESSIONJWT_RESULT_OK;
}

static sessionjwt_verifier *case_verifier(const struct verify_case *c) {
  sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
  REQUIRE(b != NULL, "builder_new");
  sessionjwt_result r = SESSIONJWT_RESULT_OK;
  if (c->key_kind == KEY_PEM) r = sessionjwt_verifier_builder_add_pem(b, u8(c->key), c->key_len);
  if (c->key_kind == KEY_JWK) r = sessionjwt_verifier_builder_add_jwk(b, u8(c->key), c->key_len);
  REQUIRE(r == SESSIONJWT_RESULT_OK, "%s: key: %u", c->id, r);
  if (c->algorithms) {
    r = sessionjwt_verifier_builder_set_algorithms(b, u8(c->algorithms), strlen(c->algorithms));
    REQUIRE(r == SESSIONJWT_RESULT_OK, "%s: algorithms: %u", c->id, r);
  }
  REQUIRE(add_list(b, c->authorized_parties, sessionjwt_verifier_builder_add_authorized_party) ==
              SESSIONJWT_RESULT_OK,
          "%s: parties", c->id);
  REQUIRE(add_list(b, c->audiences, sessionjwt_verifier_builder_add_audience) ==
              SESSIONJWT_RESULT_OK,
          "%s: audiences", c->id);
  REQUIRE(add_list(b, c->issuers, sessionjwt_verifier_builder_add_issuer) == SESSIONJWT_RESULT_OK,
          "%s: issuers", c->id);
  REQUIRE(add_list(b, c->header_types, sessionjwt_verifier_builder_add_header_type) ==
              SESSIONJWT_RESULT_OK,
          "%s: header types", c->id);
  if (c->has_skew) {
    REQUIRE(sessionjwt_verifier_builder_set_clock_skew_ms(b, c->skew_ms) == SESSIONJWT_RESULT_OK,
            "%s: skew", c->id);
  }
  sessionjwt_verifier *v = UNTOUCHED;
  r = sessionjwt_verifier_builder_build(b, &v);
  REQUIRE(r == SESSIONJWT_RESULT_OK && v != UNTOUCHED && v != NULL, "%s: build: %u", c->id, r);
  sessionjwt_verifier_builder_free(b);
  return v;
}

/* A verifier for the Clerk fixture key (RS256), or for the HMAC fixture secret. */
static sessionjwt_verifier *pem_verifier(void) {
  sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
  REQUIRE(sessionjwt_verifier_builder_add_pem(b, u8(CLERK_PEM), strlen(CLERK_PEM)) ==
              SESSIONJWT_RESULT_OK,
          "pem");
  sessionjwt_verifier *v = NULL;
  REQUIRE(sessionjwt_verifier_builder_build(b, &v) == SESSIONJWT_RESULT_OK, "build");
  sessionjwt_verifier_builder_free(b);
  return v;
}

static sessionjwt_verifier *hmac_verifier(bool treat_pending_as_signed_out) {
  sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
  REQUIRE(sessionjwt_verifier_builder_add_hmac_secret(b, HMAC_SECRET, sizeof HMAC_SECRET - 1) ==
              SESSIONJWT_RESULT_OK,
          "secret");
  REQUIRE(sessionjwt_verifier_builder_set_treat_pending_as_signed_out(
              b, treat_pending_as_signed_out) == SESSIONJWT_RESULT_OK,
          "pending");
  sessionjwt_verifier *v = NULL;
  REQUIRE(sessionjwt_verifier_builder_build(b, &v) == SESSIONJWT_RESULT_OK, "build");
  sessionjwt_verifier_builder_free(b);
  return v;
}

/* Verifies an exact heap copy of `token[0..len]`. */
static sessionjwt_result verify_bytes(const sessionjwt_verifier *v, const void *token, size_t len,
                                      int64_t now_ms, sessionjwt_auth **auth_out) {
  uint8_t *copy = exact_copy(token, len);
  sessionjwt_result r = sessionjwt_verifier_verify(v, copy, len, now_ms, auth_out);
  free(copy);
  return r;
}

/* Verifies a token expected to fail with `want`, checking that no output was written. */
static void expect_failure(const sessionjwt_verifier *v, const void *token, size_t len,
                           sessionjwt_result want, const char *what) {
  sessionjwt_auth *auth = UNTOUCHED;
  sessionjwt_result r = verify_bytes(v, token, len, CLERK_NOW_MS, &auth);
  CHECK(r == want, "%s: got %u (%.*s), want %u", what, r, STR_ARGS(sessionjwt_result_code(r)),
        want);
  CHECK(auth == UNTOUCHED, "%s: a failed call wrote its output", what);
  if (r == SESSIONJWT_RESULT_OK && auth != UNTOUCHED) sessionjwt_auth_free(auth);
}

/* ---- the Clerk conformance verify cases ------------------------------------------------- */

static void test_conformance(void) {
  int ran = 0, diverged = 0;
  for (size_t i = 0; i < VERIFY_CASE_COUNT; i++) {
    const struct verify_case *c = &VERIFY_CASES[i];
    sessionjwt_verifier *v = case_verifier(c);
    sessionjwt_auth *auth = UNTOUCHED;
    sessionjwt_result r = verify_bytes(v, c->token, c->token_len, c->now_ms, &auth);
    sessionjwt_str reason = sessionjwt_result_reason(r);
    if (strcmp(c->outcome, "ok") == 0) {
      CHECK(r == SESSIONJWT_RESULT_OK, "%s: want ok, got %.*s (%.*s)", c->id, STR_ARGS(reason),
            STR_ARGS(sessionjwt_result_code(r)));
      if (r == SESSIONJWT_RESULT_OK) {
        CHECK(str_is_n(sessionjwt_auth_payload_json(auth), c->payload, c->payload_len),
              "%s: payload JSON differs", c->id);
        CHECK(str_is_n(sessionjwt_auth_user_id(auth), c->sub, c->sub_len), "%s: userId", c->id);
        sessionjwt_auth_free(auth);
      }
    } else {
      CHECK(r != SESSIONJWT_RESULT_OK && str_is(reason, c->outcome),
            "%s: want %s, got %.*s (%.*s)", c->id, c->outcome, STR_ARGS(reason),
            STR_ARGS(sessionjwt_result_code(r)));
      CHECK(auth == UNTOUCHED, "%s: failed verification wrote auth_out", c->id);
    }
    if (c->code) {
      diverged++;
      CHECK(str_is(sessionjwt_result_code(r), c->code), "%s: ledger code %s, got %.*s", c->id,
            c->code, STR_ARGS(sessionjwt_result_code(r)));
    }
    sessionjwt_verifier_free(v);
    ran++;
  }
  CHECK(ran == VERIFY_CASE_COUNT && ran >= 78, "ran %d verify cases", ran);
  printf("conformance: %d Clerk verify cases, %d listed divergences checked by code\n", ran,
         diverged);
}

/* ---- result codes ----------------------------------------------------------------------- */

static void test_result_strings(void) {
  CHECK(str_is(sessionjwt_result_reason(SESSIONJWT_RESULT_OK), ""), "OK reason is empty");
  CHECK(str_is(sessionjwt_result_code(SESSIONJWT_RESULT_OK), "OK"), "OK code");
  CHECK(str_is(sessionjwt_result_reason(SESSIONJWT_RESULT_TOKEN_EXPIRED), "token-expired"),
        "expired reason");
  CHECK(str_is(sessionjwt_result_code(SESSIONJWT_RESULT_TOKEN_EXPIRED), "TOKEN_EXPIRED"),
        "expired code");
  CHECK(str_is(sessionjwt_result_message(SESSIONJWT_RESULT_TOKEN_EXPIRED), "JWT is expired."),
        "expired message");
  CHECK(str_is(sessionjwt_result_reason(SESSIONJWT_RESULT_KEY_PEM), "jwk-invalid"), "key reason");
  CHECK(str_is(sessionjwt_result_reason(SESSIONJWT_RESULT_NULL_ARGUMENT), "null-argument"),
        "null reason");
  CHECK(str_is(sessionjwt_result_code(SESSIONJWT_RESULT_PANIC), "PANIC"), "panic code");
  CHECK(str_is(sessionjwt_result_code(SESSIONJWT_RESULT_INVALID_ARGUMENT), "INVALID_ARGUMENT"),
        "invalid argument code");
  CHECK(str_is(sessionjwt_result_code(12345), "UNKNOWN"), "unknown code");
  CHECK(sessionjwt_result_message(12345).len > 0, "unknown message");
  /* Clerk's actions: the typ refusal's hint, none for an expired token, the ABI or OK. */
  CHECK(str_is(sessionjwt_result_action(SESSIONJWT_RESULT_INVALID_TYPE),
               "Make sure that this is a valid Clerk-generated JWT."),
        "typ action");
  CHECK(str_is(sessionjwt_result_action(SESSIONJWT_RESULT_NO_KEY),
               "Set the CLERK_JWT_KEY environment variable."),
        "no-key action");
  CHECK(sessionjwt_result_action(SESSIONJWT_RESULT_TOKEN_EXPIRED).len == 0, "expired: no action");
  CHECK(sessionjwt_result_action(SESSIONJWT_RESULT_OK).len == 0, "OK: no action");
  CHECK(sessionjwt_result_action(SESSIONJWT_RESULT_PANIC).len == 0, "ABI code: no action");
  CHECK(sessionjwt_result_action(12345).len == 0, "unknown: no action");
  /* Every number in the core's blocks that has a code also has a reason and a message. */
  int known = 0;
  for (sessionjwt_result r = 100; r < 1000; r++) {
    sessionjwt_str code = sessionjwt_result_code(r);
    if (str_is(code, "UNKNOWN")) continue;
    known++;
    CHECK(sessionjwt_result_reason(r).len > 0 && sessionjwt_result_message(r).len > 0,
          "result %u is described", r);
  }
  CHECK(known > 50, "%d known result codes", known);
}

/* ---- NULL arguments --------------------------------------------------------------------- */

static void test_null_arguments(void) {
  const uint8_t *t = u8(CLERK_TOKEN);
  size_t tl = strlen(CLERK_TOKEN);
  sessionjwt_verifier *v = pem_verifier();
  sessionjwt_auth *auth = UNTOUCHED;

  /* Every _free accepts NULL. */
  sessionjwt_verifier_builder_free(NULL);
  sessionjwt_verifier_free(NULL);
  sessionjwt_auth_free(NULL);

  /* Builder functions. */
  const sessionjwt_result NA = SESSIONJWT_RESULT_NULL_ARGUMENT;
  CHECK(sessionjwt_verifier_builder_add_pem(NULL, u8(CLERK_PEM), strlen(CLERK_PEM)) == NA, "pem");
  CHECK(sessionjwt_verifier_builder_add_jwk(NULL, u8("{}"), 2) == NA, "jwk");
  CHECK(sessionjwt_verifier_builder_add_jwks(NULL, u8("{}"), 2) == NA, "jwks");
  CHECK(sessionjwt_verifier_builder_add_hmac_secret(NULL, HMAC_SECRET, 64) == NA, "hmac");
  CHECK(sessionjwt_verifier_builder_set_algorithms(NULL, u8("RS256"), 5) == NA, "algs");
  CHECK(sessionjwt_verifier_builder_add_authorized_party(NULL, u8("x"), 1) == NA, "azp");
  CHECK(sessionjwt_verifier_builder_add_audience(NULL, u8("x"), 1) == NA, "aud");
  CHECK(sessionjwt_verifier_builder_add_issuer(NULL, u8("x"), 1) == NA, "iss");
  CHECK(sessionjwt_verifier_builder_add_header_type(NULL, u8("x"), 1) == NA, "typ");
  CHECK(sessionjwt_verifier_builder_set_clock_skew_ms(NULL, 0) == NA, "skew");
  CHECK(sessionjwt_verifier_builder_set_max_token_bytes(NULL, 100) == NA, "max bytes");
  CHECK(sessionjwt_verifier_builder_set_max_json_depth(NULL, 10) == NA, "depth");
  CHECK(sessionjwt_verifier_builder_set_treat_pending_as_signed_out(NULL, true) == NA, "pending");
  CHECK(sessionjwt_verifier_builder_set_publishable_key(NULL, u8("pk"), 2) == NA, "pk");
  sessionjwt_verifier *vout = UNTOUCHED;
  CHECK(sessionjwt_verifier_builder_build(NULL, &vout) == NA && vout == UNTOUCHED, "build");

  sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
  CHECK(sessionjwt_verifier_builder_add_pem(b, NULL, 0) == NA, "NULL pem, length 0");
  CHECK(sessionjwt_verifier_builder_add_pem(b, NULL, 10) == NA, "NULL pem");
  CHECK(sessionjwt_verifier_builder_add_jwk(b, NULL, 0) == NA, "NULL jwk");
  CHECK(sessionjwt_verifier_builder_add_jwks(b, NULL, 0) == NA, "NULL jwks");
  CHECK(sessionjwt_verifier_builder_add_hmac_secret(b, NULL, 64) == NA, "NULL secret");
  CHECK(sessionjwt_verifier_builder_set_algorithms(b, NULL, 0) == NA, "NULL algs");
  CHECK(sessionjwt_verifier_builder_add_authorized_party(b, NULL, 0) == NA, "NULL azp");
  CHECK(sessionjwt_verifier_builder_add_audience(b, NULL, 0) == NA, "NULL aud");
  CHECK(sessionjwt_verifier_builder_add_issuer(b, NULL, 0) == NA, "NULL iss");
  CHECK(sessionjwt_verifier_builder_add_header_type(b, NULL, 0) == NA, "NULL typ");
  CHECK(sessionjwt_verifier_builder_set_publishable_key(b, NULL, 0) == NA, "NULL pk");
  CHECK(sessionjwt_verifier_builder_build(b, NULL) == NA, "NULL verifier_out");
  sessionjwt_verifier_builder_free(b);

  /* Verification. */
  CHECK(sessionjwt_verifier_verify(NULL, t, tl, CLERK_NOW_MS, &auth) == NA && auth == UNTOUCHED,
        "NULL verifier");
  CHECK(sessionjwt_verifier_verify(v, NULL, tl, CLERK_NOW_MS, &auth) == NA && auth == UNTOUCHED,
        "NULL token");
  CHECK(sessionjwt_verifier_verify(v, NULL, 0, CLERK_NOW_MS, &auth) == NA && auth == UNTOUCHED,
        "NULL token, length 0");
  CHECK(sessionjwt_verifier_verify(v, t, tl, CLERK_NOW_MS, NULL) == NA, "NULL auth_out");
  CHECK(sessionjwt_verifier_verify_now(NULL, t, tl, &auth) == NA && auth == UNTOUCHED, "now");
  CHECK(sessionjwt_verifier_verify_now(v, t, tl, NULL) == NA, "now, NULL auth_out");

  /* Request authentication. */
  sessionjwt_request_outcome outcome;
  memset(&outcome, 0xAB, sizeof outcome);
  sessionjwt_request_outcome before = outcome;
  CHECK(sessionjwt_verifier_authenticate_request(NULL, NULL, 0, NULL, 0, NULL, 0, 0, &outcome,
                                                 &auth) == NA,
        "authenticate: NULL verifier");
  CHECK(sessionjwt_verifier_authenticate_request(v, NULL, 0, NULL, 0, NULL, 0, 0, NULL, &auth) ==
            NA,
        "authenticate: NULL outcome_out");
  CHECK(sessionjwt_verifier_authenticate_request(v, NULL, 0, NULL, 0, NULL, 0, 0, &outcome,
                                                 NULL) == NA,
        "authenticate: NULL auth_out");
  CHECK(memcmp(&outcome, &before, sizeof outcome) == 0 && auth == UNTOUCHED,
        "authenticate: failed calls wrote an output");

  /* Accessors on a NULL handle give "no value". */
  int64_t ms = 42;
  CHECK(sessionjwt_auth_user_id(NULL).data == NULL, "user_id(NULL)");
  CHECK(sessionjwt_auth_session_id(NULL).data == NULL, "session_id(NULL)");
  CHECK(sessionjwt_auth_session_status(NULL).data == NULL, "session_status(NULL)");
  CHECK(sessionjwt_auth_issuer(NULL).data == NULL, "issuer(NULL)");
  CHECK(sessionjwt_auth_authorized_party(NULL).data == NULL, "azp(NULL)");
  CHECK(sessionjwt_auth_payload_json(NULL).data == NULL, "payload(NULL)");
  CHECK(sessionjwt_auth_claim_json(NULL, u8("sub"), 3).data == NULL, "claim(NULL)");
  CHECK(sessionjwt_auth_algorithm(NULL).data == NULL, "alg(NULL)");
  CHECK(sessionjwt_auth_expires_at_ms(NULL) == 0, "exp(NULL)");
  CHECK(!sessionjwt_auth_issued_at_ms(NULL, &ms) && ms == 42, "iat(NULL)");
  CHECK(!sessionjwt_auth_not_before_ms(NULL, &ms) && ms == 42, "nbf(NULL)");
  CHECK(!sessionjwt_auth_is_authenticated(NULL), "is_authenticated(NULL)");
  CHECK(sessionjwt_auth_actor_json(NULL).data == NULL, "actor(NULL)");
  CHECK(sessionjwt_auth_org_id(NULL).data == NULL, "org_id(NULL)");
  CHECK(sessionjwt_auth_org_role(NULL).data == NULL, "org_role(NULL)");
  CHECK(sessionjwt_auth_org_slug(NULL).data == NULL, "org_slug(NULL)");
  CHECK(sessionjwt_auth_org_permissions_count(NULL) == 0, "permissions(NULL)");
  CHECK(sessionjwt_auth_org_permission(NULL, 0).data == NULL, "permission(NULL, 0)");
  CHECK(sessionjwt_auth_features(NULL).data == NULL, "features(NULL)");
  CHECK(sessionjwt_auth_plans(NULL).data == NULL, "plans(NULL)");
  CHECK(sessionjwt_auth_json(NULL).data == NULL, "json(NULL)");
  int64_t f1 = 7, f2 = 7;
  CHECK(!sessionjwt_auth_factor_verification_age(NULL, &f1, &f2) && f1 == 7 && f2 == 7,
        "fva(NULL)");
  sessionjwt_has_params hp;
  memset(&hp, 0, sizeof hp);
  hp.role = (sessionjwt_str){"admin", 5};
  CHECK(!sessionjwt_auth_has(NULL, &hp), "has(NULL)");
  CHECK(!sessionjwt_auth_has_role(NULL, u8("admin"), 5), "has_role(NULL)");
  CHECK(!sessionjwt_auth_has_permission(NULL, u8("p"), 1), "has_permission(NULL)");
  CHECK(!sessionjwt_auth_has_feature(NULL, u8("f"), 1), "has_feature(NULL)");
  CHECK(!sessionjwt_auth_has_plan(NULL, u8("p"), 1), "has_plan(NULL)");
  CHECK(!sessionjwt_auth_has_reverification(NULL, u8("lax"), 3), "has_reverification(NULL)");
  CHECK(!sessionjwt_auth_has_reverification_custom(NULL, u8("first_factor"), 12, 10.0),
        "has_reverification_custom(NULL)");

  /* The _now variants read the system clock: the 2022 fixture token has long expired. */
  CHECK(sessionjwt_now_ms() > CLERK_NOW_MS, "system clock");
  CHECK(sessionjwt_verifier_verify_now(v, t, tl, &auth) == SESSIONJWT_RESULT_TOKEN_EXPIRED &&
            auth == UNTOUCHED,
        "verify_now");
  char bearer[2048];
  snprintf(bearer, sizeof bearer, "Bearer %s", CLERK_TOKEN);
  CHECK(sessionjwt_verifier_authenticate_request_now(v, u8(bearer), strlen(bearer), NULL, 0, NULL,
                                                     0, &outcome, &auth) == SESSIONJWT_RESULT_OK &&
            outcome.status == SESSIONJWT_AUTH_STATUS_SIGNED_OUT && auth == NULL &&
            outcome.error == SESSIONJWT_RESULT_TOKEN_EXPIRED,
        "authenticate_request_now");
  REQUIRE(sessionjwt_verifier_verify(v, t, tl, CLERK_NOW_MS, &auth) == SESSIONJWT_RESULT_OK, "ok");
  CHECK(sessionjwt_auth_claim_json(auth, NULL, 3).data == NULL, "claim with NULL name");
  CHECK(!sessionjwt_auth_issued_at_ms(auth, NULL), "iat with NULL out");
  CHECK(!sessionjwt_auth_has(auth, NULL), "has with NULL params");
  CHECK(!sessionjwt_auth_has_role(auth, NULL, 5), "has_role with NULL role");
  CHECK(!sessionjwt_auth_factor_verification_age(auth, NULL, &ms), "fva with NULL out");
  sessionjwt_auth_free(auth);
  sessionjwt_verifier_free(v);
}

/* ---- zero lengths, embedded NUL, invalid UTF-8, unterminated input ---------------------- */

static void test_raw_bytes(void) {
  sessionjwt_verifier *v = pem_verifier();
  size_t tl = strlen(CLERK_TOKEN);
  static const uint8_t nothing[1] = {0};

  /* Zero length (non-NULL pointer): an empty token, which is malformed. */
  expect_failure(v, nothing, 0, SESSIONJWT_RESULT_SEGMENT_COUNT, "empty token");

  /* The length is what counts: the valid token followed by NUL and junk, passed with its own
   * length, verifies; passed with the full length, it does not. */
  char *padded = malloc(tl + 8);
  memcpy(padded, CLERK_TOKEN, tl);
  memcpy(padded + tl, "\0garbage", 8);
  sessionjwt_auth *auth = NULL;
  CHECK(verify_bytes(v, padded, tl, CLERK_NOW_MS, &auth) == SESSIONJWT_RESULT_OK, "exact length");
  sessionjwt_auth_free(auth);
  expect_failure(v, padded, tl + 8, SESSIONJWT_RESULT_INVALID_CHARACTER, "trailing NUL+junk");
  expect_failure(v, padded, tl + 1, SESSIONJWT_RESULT_INVALID_CHARACTER, "trailing NUL");
  free(padded);

  /* Embedded NUL in each segment, and a token cut at a NUL (as strlen would). */
  const char *dot1 = strchr(CLERK_TOKEN, '.');
  const char *dot2 = strchr(dot1 + 1, '.');
  size_t where[] = {5, (size_t)(dot1 - CLERK_TOKEN) + 5, (size_t)(dot2 - CLERK_TOKEN) + 5};
  for (size_t i = 0; i < 3; i++) {
    char *t = (char *)exact_copy(CLERK_TOKEN, tl);
    t[where[i]] = '\0';
    expect_failure(v, t, tl, SESSIONJWT_RESULT_INVALID_CHARACTER, "embedded NUL");
    t[where[i]] = (char)0xFF; /* invalid UTF-8 */
    expect_failure(v, t, tl, SESSIONJWT_RESULT_INVALID_CHARACTER, "0xFF byte");
    t[where[i]] = (char)0xC3; /* a lone UTF-8 lead byte */
    expect_failure(v, t, tl, SESSIONJWT_RESULT_INVALID_CHARACTER, "truncated UTF-8");
    free(t);
  }
  expect_failure(v, CLERK_TOKEN, (size_t)(dot2 - CLERK_TOKEN), SESSIONJWT_RESULT_SEGMENT_COUNT,
                 "two segments");

  /* Too large, and the limit is configurable. */
  char *big = malloc(9000);
  memset(big, 'A', 9000);
  expect_failure(v, big, 9000, SESSIONJWT_RESULT_TOKEN_TOO_LARGE, "9000 bytes");
  free(big);
  sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
  sessionjwt_verifier_builder_add_pem(b, u8(CLERK_PEM), strlen(CLERK_PEM));
  CHECK(sessionjwt_verifier_builder_set_max_token_bytes(b, 100) == SESSIONJWT_RESULT_OK, "limit");
  sessionjwt_verifier *small = NULL;
  REQUIRE(sessionjwt_verifier_builder_build(b, &small) == SESSIONJWT_RESULT_OK, "build");
  expect_failure(small, CLERK_TOKEN, tl, SESSIONJWT_RESULT_TOKEN_TOO_LARGE, "over the limit");
  sessionjwt_verifier_free(small);
  sessionjwt_verifier_builder_free(b);
  sessionjwt_verifier_free(v);
}

/* ---- building verifiers ----------------------------------------------------------------- */

static void test_builder(void) {
  sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
  static const uint8_t bad_utf8[] = {'a', 0xFF, 'b'};
  static const uint8_t nothing[1] = {0};

  CHECK(str_is(sessionjwt_result_reason(sessionjwt_verifier_builder_add_pem(b, nothing, 0)),
               "jwk-invalid"),
        "empty PEM");
  CHECK(sessionjwt_verifier_builder_add_pem(b, u8("-----BEGIN PUBLIC KEY-----\n\0"), 28) ==
            SESSIONJWT_RESULT_KEY_PEM,
        "PEM with NUL");
  CHECK(str_is(sessionjwt_result_reason(sessionjwt_verifier_builder_add_jwk(b, u8("{}"), 2)),
               "jwk-invalid"),
        "bad JWK");
  CHECK(sessionjwt_verifier_builder_add_jwks(b, nothing, 0) != SESSIONJWT_RESULT_OK, "empty JWKS");
  CHECK(sessionjwt_verifier_builder_add_hmac_secret(b, HMAC_SECRET, 16) ==
            SESSIONJWT_RESULT_KEY_HMAC_TOO_SHORT,
        "short secret");
  CHECK(sessionjwt_verifier_builder_set_algorithms(b, u8("none"), 4) ==
            SESSIONJWT_RESULT_UNKNOWN_ALGORITHM,
        "alg none");
  CHECK(sessionjwt_verifier_builder_set_algorithms(b, nothing, 0) ==
            SESSIONJWT_RESULT_UNKNOWN_ALGORITHM,
        "empty algorithm list");
  CHECK(sessionjwt_verifier_builder_set_algorithms(b, bad_utf8, 3) ==
            SESSIONJWT_RESULT_INVALID_ARGUMENT,
        "algorithms not UTF-8");
  CHECK(sessionjwt_verifier_builder_add_authorized_party(b, bad_utf8, 3) ==
            SESSIONJWT_RESULT_INVALID_ARGUMENT,
        "party not UTF-8");
  CHECK(sessionjwt_verifier_builder_add_issuer(b, nothing, 0) == SESSIONJWT_RESULT_OK,
        "empty issuer is ignored");
  CHECK(sessionjwt_verifier_builder_set_max_token_bytes(b, 0) == SESSIONJWT_RESULT_INVALID_OPTION,
        "zero token size");
  CHECK(sessionjwt_verifier_builder_set_max_json_depth(b, 65) == SESSIONJWT_RESULT_INVALID_OPTION,
        "depth over the cap");
  for (int i = 0; i < 16; i++) {
    CHECK(sessionjwt_verifier_builder_add_audience(b, u8("aud"), 3) == SESSIONJWT_RESULT_OK,
          "audience %d", i);
  }
  CHECK(sessionjwt_verifier_builder_add_audience(b, u8("aud"), 3) ==
            SESSIONJWT_RESULT_INVALID_OPTION,
        "17th audience");

  /* A builder with a key and an allow-list no key can use fails to build. */
  CHECK(sessionjwt_verifier_builder_add_pem(b, u8(CLERK_PEM), strlen(CLERK_PEM)) ==
            SESSIONJWT_RESULT_OK,
        "PEM");
  CHECK(sessionjwt_verifier_builder_set_algorithms(b, u8(" ES256 , EdDSA"), 14) ==
            SESSIONJWT_RESULT_OK,
        "algorithms");
  sessionjwt_verifier *v = UNTOUCHED;
  CHECK(sessionjwt_verifier_builder_build(b, &v) == SESSIONJWT_RESULT_NO_USABLE_ALGORITHM &&
            v == UNTOUCHED,
        "no usable algorithm, output untouched");
  CHECK(sessionjwt_verifier_builder_set_algorithms(b, u8("RS256,PS256"), 11) ==
            SESSIONJWT_RESULT_OK,
        "algorithms");
  CHECK(sessionjwt_verifier_builder_build(b, &v) == SESSIONJWT_RESULT_OK && v != UNTOUCHED,
        "build");
  /* The builder stays usable and verifiers are independent of it. */
  sessionjwt_verifier *v2 = NULL;
  CHECK(sessionjwt_verifier_builder_build(b, &v2) == SESSIONJWT_RESULT_OK, "build twice");
  sessionjwt_verifier_builder_free(b);
  /* audiences are configured, and the Clerk token has no aud */
  expect_failure(v, CLERK_TOKEN, strlen(CLERK_TOKEN), SESSIONJWT_RESULT_AUDIENCE_MISSING,
                 "audience configured");
  sessionjwt_verifier_free(v2);
  sessionjwt_verifier_free(v);

  /* A JWKS. */
  b = sessionjwt_verifier_builder_new();
  CHECK(sessionjwt_verifier_builder_add_jwks(b, u8(CLERK_JWKS), strlen(CLERK_JWKS)) ==
            SESSIONJWT_RESULT_OK,
        "Clerk JWKS");
  v = NULL;
  REQUIRE(sessionjwt_verifier_builder_build(b, &v) == SESSIONJWT_RESULT_OK, "build");
  sessionjwt_auth *auth = NULL;
  CHECK(verify_bytes(v, CLERK_TOKEN, strlen(CLERK_TOKEN), CLERK_NOW_MS, &auth) ==
            SESSIONJWT_RESULT_OK,
        "verified with the JWKS");
  sessionjwt_auth_free(auth);
  sessionjwt_verifier_free(v);
  sessionjwt_verifier_builder_free(b);
}

/* ---- accessors -------------------------------------------------------------------------- */

static void test_accessors(void) {
  sessionjwt_verifier *v = hmac_verifier(true);
  sessionjwt_auth *auth = NULL;
  int64_t ms = 0;

  /* An escaped NUL inside sub comes back whole: 16 bytes, not 5. */
  REQUIRE(verify_bytes(v, TOKEN_NUL_SUB, strlen(TOKEN_NUL_SUB), CLERK_NOW_MS, &auth) ==
              SESSIONJWT_RESULT_OK,
          "nul_sub");
  CHECK(str_is_n(sessionjwt_auth_user_id(auth), "user_\0admin", 11), "sub with NUL: %zu bytes",
        sessionjwt_auth_user_id(auth).len);
  CHECK(str_is(sessionjwt_auth_session_id(auth), "sess_1"), "sid");
  CHECK(sessionjwt_auth_session_status(auth).data == NULL, "no sts");
  CHECK(str_is(sessionjwt_auth_algorithm(auth), "HS256"), "alg");
  CHECK(sessionjwt_auth_expires_at_ms(auth) == CLERK_NOW_MS + 60000, "exp");
  CHECK(sessionjwt_auth_issued_at_ms(auth, &ms) && ms == CLERK_NOW_MS, "iat");
  CHECK(sessionjwt_auth_not_before_ms(auth, &ms) && ms == CLERK_NOW_MS - 10000, "nbf");
  CHECK(str_is(sessionjwt_auth_claim_json(auth, u8("sub"), 3), "\"user_\\u0000admin\""),
        "raw sub JSON");
  CHECK(sessionjwt_auth_claim_json(auth, u8("nope"), 4).data == NULL, "absent claim");
  CHECK(sessionjwt_auth_claim_json(auth, u8("s\0b"), 3).data == NULL, "name with NUL");
  sessionjwt_auth_free(auth);

  /* Escapes are undone, views of one handle stay valid together. */
  REQUIRE(verify_bytes(v, TOKEN_ESCAPED, strlen(TOKEN_ESCAPED), CLERK_NOW_MS, &auth) ==
              SESSIONJWT_RESULT_OK,
          "escaped");
  sessionjwt_str sub = sessionjwt_auth_user_id(auth);
  sessionjwt_str iss = sessionjwt_auth_issuer(auth);
  sessionjwt_str azp = sessionjwt_auth_authorized_party(auth);
  CHECK(str_is(sub, "user_\xc3\xa9\xf0\x9f\x98\x80"), "unescaped sub");
  CHECK(str_is(iss, "https://clerk.example.com"), "unescaped iss");
  CHECK(str_is(azp, "https://app.example.com"), "unescaped azp");
  CHECK(str_is(sessionjwt_auth_session_status(auth), "active"), "sts");
  CHECK(str_is(sessionjwt_auth_user_id(auth), "user_\xc3\xa9\xf0\x9f\x98\x80") &&
            sessionjwt_auth_user_id(auth).data == sub.data,
        "repeated calls give the same view");
  sessionjwt_str payload = sessionjwt_auth_payload_json(auth);
  CHECK(payload.len > 0 && payload.data[0] == '{', "payload JSON");
  sessionjwt_auth_free(auth);

  /* v2: organization from `o`, permissions expanded from o.per / o.fpm / fea. */
  REQUIRE(verify_bytes(v, TOKEN_V2_ORG, strlen(TOKEN_V2_ORG), CLERK_NOW_MS, &auth) ==
              SESSIONJWT_RESULT_OK,
          "v2_org");
  int64_t first = 0, second = 0;
  CHECK(sessionjwt_auth_is_authenticated(auth), "v2 signed in");
  CHECK(str_is(sessionjwt_auth_org_id(auth), "org_1"), "v2 orgId");
  CHECK(str_is(sessionjwt_auth_org_role(auth), "org:admin"), "v2 orgRole: %.*s",
        STR_ARGS(sessionjwt_auth_org_role(auth)));
  CHECK(str_is(sessionjwt_auth_org_slug(auth), "acme"), "v2 orgSlug");
  CHECK(sessionjwt_auth_org_permissions_count(auth) == 2, "v2 permission count %zu",
        sessionjwt_auth_org_permissions_count(auth));
  CHECK(str_is(sessionjwt_auth_org_permission(auth, 0), "org:dashboard:read"), "permission 0");
  CHECK(str_is(sessionjwt_auth_org_permission(auth, 1), "org:dashboard:manage"), "permission 1");
  CHECK(sessionjwt_auth_org_permission(auth, 2).data == NULL, "permission 2 is out of range");
  CHECK(str_is(sessionjwt_auth_actor_json(auth), "{\"sub\":\"user_admin\"}"), "actor");
  CHECK(str_is(sessionjwt_auth_features(auth), "o:dashboard,u:profile"), "features");
  CHECK(str_is(sessionjwt_auth_plans(auth), "o:pro,u:free"), "plans");
  CHECK(sessionjwt_auth_factor_verification_age(auth, &first, &second) && first == 3 &&
            second == 7,
        "fva");
  CHECK(str_is(sessionjwt_auth_json(auth),
               "{\"userId\":\"user_v2\",\"sessionId\":\"sess_2\",\"sessionStatus\":\"active\","
               "\"actor\":{\"sub\":\"user_admin\"},\"factorVerificationAge\":[3,7],"
               "\"orgId\":\"org_1\",\"orgRole\":\"org:admin\",\"orgSlug\":\"acme\","
               "\"orgPermissions\":[\"org:dashboard:read\",\"org:dashboard:manage\"]}"),
        "auth JSON: %.*s", STR_ARGS(sessionjwt_auth_json(auth)));
  CHECK(sessionjwt_auth_has_role(auth, u8("admin"), 5), "has role admin");
  CHECK(sessionjwt_auth_has_role(auth, u8("org:admin"), 9), "has role org:admin");
  CHECK(!sessionjwt_auth_has_role(auth, u8("member"), 6), "not member");
  CHECK(sessionjwt_auth_has_permission(auth, u8("org:dashboard:manage"), 20), "has permission");
  CHECK(!sessionjwt_auth_has_permission(auth, u8("org:billing:read"), 16), "not billing");
  CHECK(sessionjwt_auth_has_feature(auth, u8("dashboard"), 9), "has feature");
  CHECK(sessionjwt_auth_has_feature(auth, u8("user:profile"), 12), "has user feature");
  CHECK(!sessionjwt_auth_has_feature(auth, u8("o:profile"), 9), "profile is not an org feature");
  CHECK(sessionjwt_auth_has_plan(auth, u8("o:pro"), 5), "has plan");
  CHECK(!sessionjwt_auth_has_plan(auth, u8("u:pro"), 5), "pro is not a user plan");
  CHECK(sessionjwt_auth_has_reverification(auth, u8("strict"), 6), "second factor 7 < 10");
  CHECK(sessionjwt_auth_has_reverification(auth, u8("strict_mfa"), 10), "3 and 7 < 10");
  CHECK(!sessionjwt_auth_has_reverification_custom(auth, u8("second_factor"), 13, 5.0),
        "second factor 7 is not < 5");
  CHECK(!sessionjwt_auth_has_reverification(auth, u8("sometimes"), 9), "unknown preset");
  CHECK(sessionjwt_auth_has_reverification_custom(auth, u8("first_factor"), 12, 5.0),
        "first factor 3 < 5");
  CHECK(!sessionjwt_auth_has_reverification_custom(auth, u8("first_factor"), 12, 3.0),
        "first factor 3 is not < 3");
  CHECK(!sessionjwt_auth_has_reverification_custom(auth, u8("first_factor"), 12, 0.0),
        "zero minutes is invalid");
  sessionjwt_has_params hp;
  memset(&hp, 0, sizeof hp);
  CHECK(!sessionjwt_auth_has(auth, &hp), "nothing asked");
  hp.role = (sessionjwt_str){"admin", 5};
  hp.feature = (sessionjwt_str){"o:dashboard", 11};
  CHECK(sessionjwt_auth_has(auth, &hp), "role AND feature");
  hp.plan = (sessionjwt_str){"o:enterprise", 12};
  CHECK(!sessionjwt_auth_has(auth, &hp), "role AND feature AND a missing plan");
  memset(&hp, 0, sizeof hp);
  hp.role = (sessionjwt_str){"\xff", 1};
  CHECK(!sessionjwt_auth_has(auth, &hp), "non-UTF-8 role");
  memset(&hp, 0, sizeof hp);
  hp.reverification = (sessionjwt_str){"lax", 3};
  hp.reverification_level = (sessionjwt_str){"first_factor", 12};
  hp.reverification_after_minutes = 100;
  CHECK(!sessionjwt_auth_has(auth, &hp), "preset and custom at once");
  hp.reverification = (sessionjwt_str){NULL, 0};
  CHECK(sessionjwt_auth_has(auth, &hp), "custom through the struct");
  sessionjwt_auth_free(auth);

  /* v1: org claims as they are. */
  REQUIRE(verify_bytes(v, TOKEN_V1_ORG, strlen(TOKEN_V1_ORG), CLERK_NOW_MS, &auth) ==
              SESSIONJWT_RESULT_OK,
          "v1_org");
  CHECK(str_is(sessionjwt_auth_org_role(auth), "org:member"), "v1 orgRole");
  CHECK(sessionjwt_auth_org_permissions_count(auth) == 1 &&
            str_is(sessionjwt_auth_org_permission(auth, 0), "org:billing:read"),
        "v1 permissions");
  CHECK(sessionjwt_auth_has_permission(auth, u8("org:billing:read"), 16), "v1 has permission");
  CHECK(sessionjwt_auth_has_role(auth, u8("member"), 6), "v1 has role");
  CHECK(sessionjwt_auth_factor_verification_age(auth, &first, &second) && first == 0 &&
            second == -1,
        "v1 fva [0,-1]");
  CHECK(sessionjwt_auth_has_reverification(auth, u8("strict"), 6),
        "no second factor: the first counts");
  sessionjwt_auth_free(auth);

  /* A pending session: signed out by default, signed in when the verifier says so. */
  REQUIRE(verify_bytes(v, TOKEN_PENDING, strlen(TOKEN_PENDING), CLERK_NOW_MS, &auth) ==
              SESSIONJWT_RESULT_OK,
          "pending");
  CHECK(!sessionjwt_auth_is_authenticated(auth), "pending is signed out");
  CHECK(sessionjwt_auth_user_id(auth).data == NULL, "pending: no userId");
  CHECK(str_is(sessionjwt_auth_session_status(auth), "pending"), "pending: sessionStatus");
  CHECK(sessionjwt_auth_claim_json(auth, u8("sub"), 3).data != NULL,
        "pending: the verified claims stay readable");
  sessionjwt_auth_free(auth);
  sessionjwt_verifier *lenient = hmac_verifier(false);
  REQUIRE(verify_bytes(lenient, TOKEN_PENDING, strlen(TOKEN_PENDING), CLERK_NOW_MS, &auth) ==
              SESSIONJWT_RESULT_OK,
          "pending, lenient");
  CHECK(sessionjwt_auth_is_authenticated(auth) && str_is(sessionjwt_auth_user_id(auth), "user_p"),
        "pending is signed in when not treated as signed out");
  sessionjwt_auth_free(auth);
  sessionjwt_verifier_free(lenient);

  /* No iat/nbf: the outputs are not written. */
  expect_failure(v, TOKEN_EXPIRED, strlen(TOKEN_EXPIRED), SESSIONJWT_RESULT_TOKEN_EXPIRED,
                 "expired HS256");
  sessionjwt_verifier_free(v);
}

/* ---- request authentication ------------------------------------------------------------- */

static void authenticate(const sessionjwt_verifier *v, const char *authorization,
                         const char *cookie, const char *method, sessionjwt_request_outcome *out,
                         sessionjwt_auth **auth) {
  sessionjwt_result r = sessionjwt_verifier_authenticate_request(
      v, u8(authorization), authorization ? strlen(authorization) : 0, u8(cookie),
      cookie ? strlen(cookie) : 0, u8(method), method ? strlen(method) : 0, CLERK_NOW_MS, out,
      auth);
  CHECK(r == SESSIONJWT_RESULT_OK, "authenticate_request returned %u", r);
}

static void test_request_authentication(void) {
  sessionjwt_verifier *v = pem_verifier();
  sessionjwt_request_outcome o;
  sessionjwt_auth *auth = UNTOUCHED;
  char header[4096], cookie[4096];

  snprintf(header, sizeof header, "Bearer %s", CLERK_TOKEN);
  authenticate(v, header, NULL, "GET", &o, &auth);
  CHECK(o.status == SESSIONJWT_AUTH_STATUS_SIGNED_IN && str_is(o.reason, "") &&
            o.error == SESSIONJWT_RESULT_OK && o.carrier == SESSIONJWT_TOKEN_CARRIER_HEADER,
        "bearer: signed in");
  CHECK(auth != NULL && auth != UNTOUCHED && str_is(sessionjwt_auth_user_id(auth), CLERK_SUB),
        "bearer: auth handle");
  if (auth != UNTOUCHED) sessionjwt_auth_free(auth);

  auth = UNTOUCHED;
  authenticate(v, NULL, NULL, NULL, &o, &auth);
  CHECK(o.status == SESSIONJWT_AUTH_STATUS_SIGNED_OUT &&
            str_is(o.reason, "session-token-and-uat-missing") &&
            o.carrier == SESSIONJWT_TOKEN_CARRIER_NONE,
        "nothing: signed out (%.*s)", STR_ARGS(o.reason));
  CHECK(auth == NULL, "signed out: auth_out is NULL");

  snprintf(cookie, sizeof cookie, "a=1; __client_uat=1666648000; __session=%s", CLERK_TOKEN);
  authenticate(v, NULL, cookie, "POST", &o, &auth);
  CHECK(o.status == SESSIONJWT_AUTH_STATUS_SIGNED_IN &&
            o.carrier == SESSIONJWT_TOKEN_CARRIER_COOKIE,
        "cookie: signed in (%.*s)", STR_ARGS(o.reason));
  sessionjwt_auth_free(auth);

  /* An invalid bearer token: the verification reason and error. */
  snprintf(header, sizeof header, "Bearer %s", TOKEN_ESCAPED);
  authenticate(v, header, NULL, "GET", &o, &auth);
  CHECK(o.status == SESSIONJWT_AUTH_STATUS_SIGNED_OUT && o.error != SESSIONJWT_RESULT_OK &&
            str_is(o.reason, "token-invalid-algorithm") && auth == NULL,
        "HS256 token at an RSA verifier (%.*s)", STR_ARGS(o.reason));

  /* Non-UTF-8 header bytes: unrelated cookies do not matter; a mangled token never verifies. */
  snprintf(cookie, sizeof cookie, "x=\xff\xfe; __client_uat=1666648000; __session=%s",
           CLERK_TOKEN);
  authenticate(v, NULL, cookie, "GET", &o, &auth);
  CHECK(o.status == SESSIONJWT_AUTH_STATUS_SIGNED_IN, "Latin-1 cookie next to the session");
  sessionjwt_auth_free(auth);
  snprintf(header, sizeof header, "Bearer \xff%s", CLERK_TOKEN);
  authenticate(v, header, NULL, "GET", &o, &auth);
  CHECK(o.status == SESSIONJWT_AUTH_STATUS_SIGNED_OUT && str_is(o.reason, "token-invalid") &&
            auth == NULL,
        "0xFF in the bearer token (%.*s)", STR_ARGS(o.reason));

  /* Empty but present headers. */
  authenticate(v, "", "", "", &o, &auth);
  CHECK(o.status == SESSIONJWT_AUTH_STATUS_SIGNED_OUT && auth == NULL, "empty headers");
  sessionjwt_verifier_free(v);
}

/* ---- headerType given as an empty list -------------------------------------------------- */

/* `require_header_type` without a type added is Clerk's `headerType: []`: no token passes, not
 * even one with typ JWT; adding "JWT" then accepts it again. */
static void test_require_header_type(void) {
  CHECK(sessionjwt_verifier_builder_require_header_type(NULL) == SESSIONJWT_RESULT_NULL_ARGUMENT,
        "NULL builder");
  for (int add_jwt = 0; add_jwt < 2; add_jwt++) {
    sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
    REQUIRE(sessionjwt_verifier_builder_add_pem(b, u8(CLERK_PEM), strlen(CLERK_PEM)) ==
                SESSIONJWT_RESULT_OK,
            "pem");
    CHECK(sessionjwt_verifier_builder_require_header_type(b) == SESSIONJWT_RESULT_OK, "require");
    if (add_jwt) {
      REQUIRE(sessionjwt_verifier_builder_add_header_type(b, u8("JWT"), 3) == SESSIONJWT_RESULT_OK,
              "JWT");
    }
    sessionjwt_verifier *v = NULL;
    REQUIRE(sessionjwt_verifier_builder_build(b, &v) == SESSIONJWT_RESULT_OK, "build");
    sessionjwt_verifier_builder_free(b);
    if (add_jwt) {
      sessionjwt_auth *auth = NULL;
      CHECK(verify_bytes(v, CLERK_TOKEN, strlen(CLERK_TOKEN), CLERK_NOW_MS, &auth) ==
                SESSIONJWT_RESULT_OK,
            "typ JWT with headerType [\"JWT\"]");
      sessionjwt_auth_free(auth);
    } else {
      expect_failure(v, CLERK_TOKEN, strlen(CLERK_TOKEN), SESSIONJWT_RESULT_INVALID_TYPE,
                     "typ JWT with headerType []");
    }
    sessionjwt_verifier_free(v);
  }
}

/* ---- hostile sizes (the resource limits; core/tests/resource_limits.rs) ---------- */

/* `prefix`, `count` copies of `open`, `count` of `close`, `suffix`: deep JSON, on the heap. */
static char *nested(size_t count, char open, char close, const char *prefix, const char *suffix,
                    size_t *len_out) {
  size_t pl = strlen(prefix), sl = strlen(suffix), len = pl + 2 * count + sl;
  char *s = malloc(len + 1);
  REQUIRE(s != NULL, "out of memory");
  memcpy(s, prefix, pl);
  memset(s + pl, open, count);
  memset(s + pl + count, close, count);
  memcpy(s + pl + 2 * count, suffix, sl + 1);
  *len_out = len;
  return s;
}

/* Unpadded base64url of `in[0..len]`, NUL-terminated, heap. */
static char *b64url(const char *in, size_t len, size_t *len_out) {
  static const char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  char *out = malloc(len / 3 * 4 + 5);
  REQUIRE(out != NULL, "out of memory");
  size_t o = 0, i = 0;
  for (; i + 2 < len; i += 3) {
    uint32_t v = (uint32_t)(uint8_t)in[i] << 16 | (uint32_t)(uint8_t)in[i + 1] << 8 |
                 (uint8_t)in[i + 2];
    out[o++] = alphabet[v >> 18];
    out[o++] = alphabet[v >> 12 & 63];
    out[o++] = alphabet[v >> 6 & 63];
    out[o++] = alphabet[v & 63];
  }
  if (i < len) {
    uint32_t v = (uint32_t)(uint8_t)in[i] << 16 | (i + 1 < len ? (uint32_t)(uint8_t)in[i + 1] << 8 : 0);
    out[o++] = alphabet[v >> 18];
    out[o++] = alphabet[v >> 12 & 63];
    if (i + 1 < len) out[o++] = alphabet[v >> 6 & 63];
  }
  out[o] = '\0';
  *len_out = o;
  return out;
}

/* A 1 MB token, 10^6-deep JSON (in a header, a JWKS and a JWK) and a JWKS with 10^4 keys:
 * each refused with the core's code, with no leak or overflow (this file runs under
 * AddressSanitizer and valgrind). Permission counts need a signed token: the Go tests run
 * that case through this same library. */
static void test_hostile_sizes(void) {
  const size_t mb = (size_t)1 << 20;
  sessionjwt_verifier *v = hmac_verifier(true);
  char *big = malloc(mb);
  REQUIRE(big != NULL, "out of memory");
  memset(big, 'a', mb);
  expect_failure(v, big, mb, SESSIONJWT_RESULT_TOKEN_TOO_LARGE, "1 MB token");
  free(big);

  /* A header 10^6 arrays deep: too large by default, too deep with a 4 MB limit. */
  size_t json_len, header_len;
  char *json = nested(1000000, '[', ']', "{\"alg\":\"HS256\",\"x\":", "}", &json_len);
  char *header = b64url(json, json_len, &header_len);
  char *token = malloc(header_len + 16);
  REQUIRE(token != NULL, "out of memory");
  memcpy(token, header, header_len);
  memcpy(token + header_len, ".e30.AAAA", 10);
  size_t token_len = header_len + 9;
  expect_failure(v, token, token_len, SESSIONJWT_RESULT_TOKEN_TOO_LARGE, "deep header, default limit");
  sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
  REQUIRE(sessionjwt_verifier_builder_add_hmac_secret(b, HMAC_SECRET, sizeof HMAC_SECRET - 1) ==
              SESSIONJWT_RESULT_OK,
          "secret");
  REQUIRE(sessionjwt_verifier_builder_set_max_token_bytes(b, 4 * mb) == SESSIONJWT_RESULT_OK,
          "limit");
  sessionjwt_verifier *roomy = NULL;
  REQUIRE(sessionjwt_verifier_builder_build(b, &roomy) == SESSIONJWT_RESULT_OK, "build");
  expect_failure(roomy, token, token_len, SESSIONJWT_RESULT_JSON_TOO_DEEP, "deep header, 4 MB limit");
  sessionjwt_verifier_free(roomy);
  free(token);
  free(header);
  free(json);

  /* The same depth as keys: a key error. */
  char *deep = nested(1000000, '[', ']', "", "", &json_len);
  uint8_t *copy = exact_copy(deep, json_len);
  CHECK(sessionjwt_verifier_builder_add_jwks(b, copy, json_len) == SESSIONJWT_RESULT_KEY_JWK,
        "deep JWKS");
  CHECK(sessionjwt_verifier_builder_add_jwk(b, copy, json_len) == SESSIONJWT_RESULT_KEY_JWK,
        "deep JWK");
  free(copy);
  free(deep);
  sessionjwt_verifier_builder_free(b);

  /* 10^4 keys: more than the 16 a verifier holds. */
  static const char key[] =
      "{\"kid\":\"k%05d\",\"kty\":\"EC\",\"crv\":\"P-256\","
      "\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\","
      "\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\"}";
  size_t cap = 64 + 10000 * (sizeof key + 8), n = 0;
  char *set = malloc(cap);
  REQUIRE(set != NULL, "out of memory");
  n += (size_t)snprintf(set + n, cap - n, "{\"keys\":[");
  for (int i = 0; i < 10000; i++) {
    n += (size_t)snprintf(set + n, cap - n, key, i);
    set[n++] = i + 1 < 10000 ? ',' : ']';
  }
  n += (size_t)snprintf(set + n, cap - n, "}");
  b = sessionjwt_verifier_builder_new();
  copy = exact_copy(set, n);
  CHECK(sessionjwt_verifier_builder_add_jwks(b, copy, n) == SESSIONJWT_RESULT_KEY_SET_FULL,
        "10^4-key JWKS");
  free(copy);
  free(set);
  sessionjwt_verifier_builder_free(b);
  sessionjwt_verifier_free(v);
}

int main(void) {
  test_conformance();
  test_result_strings();
  test_null_arguments();
  test_raw_bytes();
  test_builder();
  test_accessors();
  test_request_authentication();
  test_require_header_type();
  test_hostile_sizes();
  return test_summary("api_test");
}
