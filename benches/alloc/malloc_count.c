/*
 * malloc_count: an LD_PRELOAD shim that counts heap calls and reports them at exit.
 *
 *   cc -O2 -shared -fPIC -o libmalloc_count.so malloc_count.c
 *   LD_PRELOAD=./libmalloc_count.so some-command args...
 *
 * Counts calls to malloc, calloc, realloc, free and the aligned allocators (posix_memalign,
 * aligned_alloc, memalign, valloc, pvalloc: "memalign"), for the whole process and for its
 * main thread alone (the thread that loaded the shim). Node's V8 and libuv threads, Go's
 * runtime threads and a C program's own threads all allocate in the background; a binding
 * called synchronously runs on the main thread, whose count is therefore the steadier one.
 *
 * It does not allocate itself: every call is forwarded to glibc's own entry points
 * (__libc_malloc, ...), so no dlsym bootstrap is needed. Counters are relaxed atomics.
 *
 * The report is one line, written at exit by a destructor (so exit() or a return from main;
 * a Go program exits with a raw system call and must call C's exit() through cgo at the end
 * of main instead):
 *
 *   malloc_count pid=<pid> all malloc=<n> calloc=<n> realloc=<n> memalign=<n> free=<n> \
 *     free_null=<n> main malloc=<n> calloc=<n> realloc=<n> memalign=<n> free=<n> free_null=<n>
 *
 * to stderr, or appended to the file named by MALLOC_COUNT_OUT (so that the command's own
 * stderr stays untouched; every process that inherits LD_PRELOAD appends its own line, and
 * pid= tells them apart). benches/alloc/per-op.sh turns two runs into counts per operation.
 *
 * glibc only (the __libc_* entry points). free(NULL), a no-op that OpenSSL makes by the
 * dozen, is counted apart (free_null); realloc(NULL, n) counts as a realloc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

enum { MALLOC, CALLOC, REALLOC, MEMALIGN, FREE, FREE_NULL, KINDS };
static const char *const NAMES[KINDS] = {"malloc", "calloc", "realloc", "memalign", "free", "free_null"};

static atomic_ulong all_calls[KINDS];
static atomic_ulong main_calls[KINDS];
static pthread_t main_thread;
static atomic_int have_main;

static inline void count(int kind) {
  atomic_fetch_add_explicit(&all_calls[kind], 1, memory_order_relaxed);
  if (atomic_load_explicit(&have_main, memory_order_relaxed) && pthread_equal(pthread_self(), main_thread))
    atomic_fetch_add_explicit(&main_calls[kind], 1, memory_order_relaxed);
}

void *malloc(size_t n) {
  count(MALLOC);
  return __libc_malloc(n);
}

void *calloc(size_t n, size_t size) {
  count(CALLOC);
  return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n) {
  count(REALLOC);
  return __libc_realloc(p, n);
}

void free(void *p) {
  count(p ? FREE : FREE_NULL);
  __libc_free(p);
}

void *memalign(size_t align, size_t n) {
  count(MEMALIGN);
  return __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n) {
  count(MEMALIGN);
  return __libc_memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n) {
  count(MEMALIGN);
  if (align < sizeof(void *) || (align & (align - 1)) != 0) return EINVAL;
  void *p = __libc_memalign(align, n);
  if (p == NULL && n != 0) return ENOMEM;
  *out = p;
  return 0;
}

void *valloc(size_t n) {
  count(MEMALIGN);
  return __libc_memalign((size_t)sysconf(_SC_PAGESIZE), n);
}

void *pvalloc(size_t n) {
  count(MEMALIGN);
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  return __libc_memalign(page, (n + page - 1) & ~(page - 1));
}

__attribute__((constructor)) static void malloc_count_init(void) {
  main_thread = pthread_self();
  atomic_store(&have_main, 1);
}

/* Formatting without stdio (which may allocate). */
static char *put_str(char *p, const char *s) {
  size_t n = strlen(s);
  memcpy(p, s, n);
  return p + n;
}

static char *put_num(char *p, unsigned long v) {
  char tmp[24];
  int i = 0;
  do {
    tmp[i++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (i) *p++ = tmp[--i];
  return p;
}

__attribute__((destructor)) static void malloc_count_report(void) {
  unsigned long all[KINDS], mine[KINDS];
  for (int k = 0; k < KINDS; k++) {
    all[k] = atomic_load(&all_calls[k]);
    mine[k] = atomic_load(&main_calls[k]);
  }
  char line[512];
  char *p = line;
  p = put_str(p, "malloc_count pid=");
  p = put_num(p, (unsigned long)getpid());
  p = put_str(p, " all");
  for (int k = 0; k < KINDS; k++) {
    p = put_str(p, " ");
    p = put_str(p, NAMES[k]);
    p = put_str(p, "=");
    p = put_num(p, all[k]);
  }
  p = put_str(p, " main");
  for (int k = 0; k < KINDS; k++) {
    p = put_str(p, " ");
    p = put_str(p, NAMES[k]);
    p = put_str(p, "=");
    p = put_num(p, mine[k]);
  }
  *p++ = '\n';
  int fd = 2;
  const char *out = getenv("MALLOC_COUNT_OUT");
  if (out && *out) fd = open(out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) fd = 2;
  ssize_t off = 0, len = p - line;
  while (off < len) {
    ssize_t w = write(fd, line + off, (size_t)(len - off));
    if (w <= 0) break;
    off += w;
  }
  if (fd != 2) close(fd);
}
