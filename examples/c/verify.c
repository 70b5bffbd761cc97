/* Verifies a Clerk session token with libsessionjwt and prints its auth object.
 *
 *   cc -std=c11 verify.c $(pkg-config --cflags --libs sessionjwt) -o verify
 *   ./verify public-key.pem "$TOKEN"            # at the current time
 *   SESSIONJWT_NOW_MS=1666648250000 ./verify public-key.pem "$TOKEN"
 *
 * Exit status: 0 verified, 1 rejected, 2 usage or key error. `make test-c` builds and runs it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sessionjwt.h"

static int fail(const char *what, sessionjwt_result r) {
  sessionjwt_str reason = sessionjwt_result_reason(r);
  sessionjwt_str message = sessionjwt_result_message(r);
  fprintf(stderr, "%s: %.*s: %.*s\n", what, (int)reason.len, reason.data, (int)message.len,
          message.data);
  return r == SESSIONJWT_RESULT_OK ? 0 : 1;
}

/* Reads a whole file into a heap buffer (not NUL-terminated: the API takes lengths). */
static uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  uint8_t *buf = NULL;
  size_t cap = 0;
  *len = 0;
  for (;;) {
    if (*len == cap) {
      cap = cap ? cap * 2 : 4096;
      uint8_t *grown = realloc(buf, cap);
      if (!grown) break;
      buf = grown;
    }
    size_t n = fread(buf + *len, 1, cap - *len, f);
    if (n == 0) break;
    *len += n;
  }
  fclose(f);
  return buf;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s PUBLIC_KEY.pem TOKEN\n", argv[0]);
    return 2;
  }
  size_t pem_len = 0;
  uint8_t *pem = read_file(argv[1], &pem_len);
  if (!pem) {
    perror(argv[1]);
    return 2;
  }

  sessionjwt_verifier_builder *builder = sessionjwt_verifier_builder_new();
  sessionjwt_result r = sessionjwt_verifier_builder_add_pem(builder, pem, pem_len);
  free(pem);
  sessionjwt_verifier *verifier = NULL;
  if (r == SESSIONJWT_RESULT_OK) r = sessionjwt_verifier_builder_build(builder, &verifier);
  sessionjwt_verifier_builder_free(builder);
  if (r != SESSIONJWT_RESULT_OK) {
    fail("key", r);
    return 2;
  }

  const char *token = argv[2];
  const char *now = getenv("SESSIONJWT_NOW_MS");
  sessionjwt_auth *auth = NULL;
  if (now) {
    r = sessionjwt_verifier_verify(verifier, (const uint8_t *)token, strlen(token),
                                   strtoll(now, NULL, 10), &auth);
  } else {
    r = sessionjwt_verifier_verify_now(verifier, (const uint8_t *)token, strlen(token), &auth);
  }
  int status = 0;
  if (r == SESSIONJWT_RESULT_OK) {
    sessionjwt_str json = sessionjwt_auth_json(auth);
    printf("%.*s\n", (int)json.len, json.data);
    sessionjwt_auth_free(auth);
  } else {
    status = fail("rejected", r);
  }
  sessionjwt_verifier_free(verifier);
  return status;
}
