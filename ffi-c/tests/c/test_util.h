/* Tiny test helpers shared by the C tests. */
#ifndef SESSIONJWT_TEST_UTIL_H
#define SESSIONJWT_TEST_UTIL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sessionjwt.h"

static atomic_long tests_passed;
static atomic_long tests_failed;

#define CHECK(cond, ...)                                             \
  do {                                                               \
    if (cond) {                                                      \
      atomic_fetch_add(&tests_passed, 1);                            \
    } else {                                                         \
      atomic_fetch_add(&tests_failed, 1);                            \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                  \
      fputc('\n', stderr);                                           \
    }                                                                \
  } while (0)

/* Aborts the test program: for set-up steps whose failure makes the rest meaningless. */
#define REQUIRE(cond, ...)                                           \
  do {                                                               \
    if (!(cond)) {                                                   \
      fprintf(stderr, "FATAL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                  \
      fputc('\n', stderr);                                           \
      exit(2);                                                       \
    }                                                                \
  } while (0)

/* The `N passed, N failed` summary line, and the exit status. */
static inline int test_summary(const char *name) {
  long passed = atomic_load(&tests_passed), failed = atomic_load(&tests_failed);
  printf("%s: %ld passed, %ld failed\n", name, passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}

/* A heap copy of exactly `len` bytes (no terminator), so that AddressSanitizer and valgrind
 * catch any read past the length the library was given. The caller frees it. */
static inline uint8_t *exact_copy(const void *data, size_t len) {
  uint8_t *p = malloc(len ? len : 1);
  REQUIRE(p != NULL, "out of memory");
  if (len) memcpy(p, data, len);
  return p;
}

/* Whether the view holds exactly `len` bytes equal to `want` (NULL `want`: "no value"). */
static inline int str_is_n(sessionjwt_str s, const char *want, size_t len) {
  if (want == NULL) return s.data == NULL && s.len == 0;
  return s.data != NULL && s.len == len && (len == 0 || memcmp(s.data, want, len) == 0);
}

static inline int str_is(sessionjwt_str s, const char *want) {
  return str_is_n(s, want, want ? strlen(want) : 0);
}

/* printf arguments for a view: use with "%.*s". */
#define STR_ARGS(s) (int)((s).data ? (s).len : 6), ((s).data ? (s).data : "(none)")

static inline const uint8_t *u8(const char *s) { return (const uint8_t *)s; }

/* An object whose address marks an output the library must not write. */
static max_align_t untouched_marker;
#define UNTOUCHED ((void *)&untouched_marker)

#endif
