/* The bad-input battery (conformance/battery.json) through the C ABI.
 *
 * The cases come from battery_cases.h, which `make test-c` generates from the repository's
 * conformance/battery.json at every run (gen_battery.py). Each case builds its verifier with
 * the builder calls the file's options name, then verifies the token, passed as an
 * exact-size heap copy (no terminator, so AddressSanitizer and valgrind catch any read past
 * the length), including the tokens with embedded NUL and invalid UTF-8 bytes. Every member
 * of the expected outcome is asserted: the stage (build or verify), the result number, the
 * fine code and Clerk's reason (from sessionjwt_result_code / _reason), the catalog category
 * and, for a valid token, the subject byte for byte. */
#include <inttypes.h>
#include <stdbool.h>

#include "sessionjwt.h"
#include "test_util.h"

enum battery_key_kind { BATTERY_KEY_END, BATTERY_KEY_PEM, BATTERY_KEY_HMAC, BATTERY_KEY_JWKS, BATTERY_KEY_JWK };

struct battery_sized {
  const char *data; /* NULL ends a list / means "absent" */
  size_t len;
};

struct battery_key {
  enum battery_key_kind kind;
  struct battery_sized bytes;
};

struct battery_case {
  const char *id;
  const struct battery_key *keys;
  struct battery_sized algorithms; /* comma-separated; NULL: derived from the keys */
  const struct battery_sized *authorized_parties, *audiences, *issuers, *header_types;
  int has_clock_skew;
  int64_t clock_skew_ms;
  int has_max_token_bytes;
  int64_t max_token_bytes;
  int has_max_json_depth;
  int64_t max_json_depth;
  int64_t now_ms;
  struct battery_sized token; /* NULL: token_repeat */
  struct battery_sized repeat_prefix, repeat_unit;
  size_t repeat_count;
  struct battery_sized repeat_suffix;
  int expect_error;
  struct battery_sized expect_sub; /* NULL: not compared */
  int expect_stage;                /* 1 build, 2 verify */
  const char *expect_code, *expect_reason;
  unsigned expect_number;
  const char *expect_category;
};

/* One row of the battery file's table of error numbers and their catalog categories. */
struct battery_category {
  unsigned number;
  const char *name;
};

#include "battery_cases.h"

/* The catalog category of a result number (spec/security.md's outcome vocabulary), as
 * core/tests/battery.rs defines it. */
/* The catalog category of a result: "ok", or the battery file's entry for the number (NULL,
 * which fails the check, for a number the file does not list). */
static const char *category(sessionjwt_result r) {
  if (r == SESSIONJWT_RESULT_OK) return "ok";
  for (const struct battery_category *c = BATTERY_CATEGORIES; c->name != NULL; c++) {
    if (c->number == r) return c->name;
  }
  return NULL;
}

/* Calls `add` for every entry of a list, as an exact-size heap copy; the first failure wins. */
static sessionjwt_result add_all(sessionjwt_verifier_builder *b, const struct battery_sized *list,
                                 sessionjwt_result (*add)(sessionjwt_verifier_builder *, const uint8_t *, size_t)) {
  for (; list->data != NULL; list++) {
    uint8_t *copy = exact_copy(list->data, list->len);
    sessionjwt_result r = add(b, copy, list->len);
    free(copy);
    if (r != SESSIONJWT_RESULT_OK) return r;
  }
  return SESSIONJWT_RESULT_OK;
}

/* Builds the case's verifier: OK and *out, or the first failing call's result. */
static sessionjwt_result build(const struct battery_case *c, sessionjwt_verifier **out) {
  sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
  REQUIRE(b != NULL, "builder_new");
  sessionjwt_result r = SESSIONJWT_RESULT_OK;
  for (const struct battery_key *k = c->keys; r == SESSIONJWT_RESULT_OK && k->kind != BATTERY_KEY_END; k++) {
    uint8_t *copy = exact_copy(k->bytes.data, k->bytes.len);
    switch (k->kind) {
      case BATTERY_KEY_PEM: r = sessionjwt_verifier_builder_add_pem(b, copy, k->bytes.len); break;
      case BATTERY_KEY_HMAC: r = sessionjwt_verifier_builder_add_hmac_secret(b, copy, k->bytes.len); break;
      case BATTERY_KEY_JWKS: r = sessionjwt_verifier_builder_add_jwks(b, copy, k->bytes.len); break;
      case BATTERY_KEY_JWK: r = sessionjwt_verifier_builder_add_jwk(b, copy, k->bytes.len); break;
      default: REQUIRE(0, "%s: key kind %d", c->id, (int)k->kind);
    }
    free(copy);
  }
  if (r == SESSIONJWT_RESULT_OK && c->algorithms.data != NULL) {
    uint8_t *copy = exact_copy(c->algorithms.data, c->algorithms.len);
    r = sessionjwt_verifier_builder_set_algorithms(b, copy, c->algorithms.len);
    free(copy);
  }
  if (r == SESSIONJWT_RESULT_OK) r = add_all(b, c->authorized_parties, sessionjwt_verifier_builder_add_authorized_party);
  if (r == SESSIONJWT_RESULT_OK) r = add_all(b, c->audiences, sessionjwt_verifier_builder_add_audience);
  if (r == SESSIONJWT_RESULT_OK) r = add_all(b, c->issuers, sessionjwt_verifier_builder_add_issuer);
  if (r == SESSIONJWT_RESULT_OK) r = add_all(b, c->header_types, sessionjwt_verifier_builder_add_header_type);
  if (r == SESSIONJWT_RESULT_OK && c->has_clock_skew) r = sessionjwt_verifier_builder_set_clock_skew_ms(b, c->clock_skew_ms);
  if (r == SESSIONJWT_RESULT_OK && c->has_max_token_bytes) {
    REQUIRE(c->max_token_bytes >= 0, "%s: max_token_bytes", c->id);
    r = sessionjwt_verifier_builder_set_max_token_bytes(b, (size_t)c->max_token_bytes);
  }
  if (r == SESSIONJWT_RESULT_OK && c->has_max_json_depth) {
    REQUIRE(c->max_json_depth >= 0, "%s: max_json_depth", c->id);
    r = sessionjwt_verifier_builder_set_max_json_depth(b, (size_t)c->max_json_depth);
  }
  if (r == SESSIONJWT_RESULT_OK) r = sessionjwt_verifier_builder_build(b, out);
  sessionjwt_verifier_builder_free(b);
  return r;
}

/* The case's token as a heap block of exactly its length. */
static uint8_t *token_copy(const struct battery_case *c, size_t *len) {
  if (c->token.data != NULL) {
    *len = c->token.len;
    return exact_copy(c->token.data, c->token.len);
  }
  size_t n = c->repeat_prefix.len + c->repeat_unit.len * c->repeat_count + c->repeat_suffix.len;
  uint8_t *p = malloc(n ? n : 1), *w = p;
  REQUIRE(p != NULL, "out of memory");
  memcpy(w, c->repeat_prefix.data, c->repeat_prefix.len);
  w += c->repeat_prefix.len;
  for (size_t i = 0; i < c->repeat_count; i++, w += c->repeat_unit.len) memcpy(w, c->repeat_unit.data, c->repeat_unit.len);
  memcpy(w, c->repeat_suffix.data, c->repeat_suffix.len);
  *len = n;
  return p;
}

static size_t byte_cases;

static void run_case(const struct battery_case *c) {
  sessionjwt_verifier *v = NULL;
  sessionjwt_auth *auth = UNTOUCHED;
  int stage = 1;
  sessionjwt_result r = build(c, &v);
  if (r == SESSIONJWT_RESULT_OK) {
    stage = 2;
    size_t len;
    uint8_t *token = token_copy(c, &len);
    for (size_t i = 0; i < len; i++) {
      if (token[i] == 0 || token[i] >= 0x80) {
        byte_cases++;
        break;
      }
    }
    r = sessionjwt_verifier_verify(v, token, len, c->now_ms, &auth);
    free(token);
    sessionjwt_verifier_free(v);
  }
  if (!c->expect_error) {
    CHECK(r == SESSIONJWT_RESULT_OK, "%s: expected ok, got %s %u %.*s", c->id, stage == 1 ? "build" : "verify",
          (unsigned)r, STR_ARGS(sessionjwt_result_code(r)));
    if (r != SESSIONJWT_RESULT_OK) return;
    if (c->expect_sub.data != NULL) {
      sessionjwt_str sub = sessionjwt_auth_user_id(auth);
      CHECK(str_is_n(sub, c->expect_sub.data, c->expect_sub.len), "%s: sub %.*s (%zu bytes), expected %zu bytes",
            c->id, STR_ARGS(sub), sub.len, c->expect_sub.len);
    }
    CHECK(strcmp(category(r), "ok") == 0, "%s: category", c->id);
    sessionjwt_auth_free(auth);
    return;
  }
  if (r == SESSIONJWT_RESULT_OK) {
    CHECK(0, "%s: expected %s %s, got ok", c->id, c->expect_stage == 1 ? "build" : "verify", c->expect_code);
    sessionjwt_auth_free(auth);
    return;
  }
  CHECK(stage == c->expect_stage, "%s: failed at %s, expected %s", c->id, stage == 1 ? "build" : "verify",
        c->expect_stage == 1 ? "build" : "verify");
  CHECK(r == c->expect_number, "%s: result %u, expected %u", c->id, (unsigned)r, c->expect_number);
  CHECK(str_is(sessionjwt_result_code(r), c->expect_code), "%s: code %.*s, expected %s", c->id,
        STR_ARGS(sessionjwt_result_code(r)), c->expect_code);
  CHECK(str_is(sessionjwt_result_reason(r), c->expect_reason), "%s: reason %.*s, expected %s", c->id,
        STR_ARGS(sessionjwt_result_reason(r)), c->expect_reason);
  const char *got_category = category(r);
  CHECK(got_category != NULL && strcmp(got_category, c->expect_category) == 0, "%s: category %s, expected %s",
        c->id, got_category != NULL ? got_category : "(not in battery.json)", c->expect_category);
  CHECK(auth == UNTOUCHED, "%s: auth_out written on failure", c->id);
}

int main(void) {
  size_t ran = 0;
  for (size_t i = 0; i < BATTERY_CASE_COUNT; i++) {
    run_case(BATTERY_CASES[i]);
    ran++;
  }
  printf("battery: %zu of %d cases run (%zu with NUL or non-ASCII bytes)\n", ran, BATTERY_CASE_COUNT, byte_cases);
  CHECK(ran == BATTERY_CASE_COUNT && ran >= 150, "ran %zu cases", ran);
  CHECK(byte_cases >= 5, "only %zu byte-level cases", byte_cases);
  return test_summary("battery_test");
}
