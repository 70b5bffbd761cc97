/* Throughput of the C library with 1 and 2 threads sharing one verifier (`make bench-c`).
 *
 *   throughput_bench KEY.pem TOKEN_FILE [SECONDS [ROUNDS]]
 *       For the cache off (capacity 0: every call verifies the RS256 signature) and on (the
 *       default 256 slots, the token verified once before: every call is a hit), ROUNDS
 *       rounds of one SECONDS-long run with 1 thread and one with 2 threads, in alternating
 *       order (1T 2T, 2T 1T, ...) so that both see the same machine load. Prints verifies/s,
 *       process CPU time per verify, and the median of the per-round ratios 2T/1T. A control
 *       runs first, the same way: a CPU-bound loop that never calls the library (and shares
 *       nothing between threads), whose 2T/1T is what the machine gives two threads at that
 *       moment (2.00x on two idle cores; less when other processes hold a core).
 *       Each thread also reads its /proc/thread-self/schedstat (Linux) before and after its
 *       loop, which splits the threads' time into running, waiting for a CPU (other
 *       processes had the cores) and blocked (sleeping: in this program only a lock inside
 *       the library, such as the cache's mutex, or malloc's), printed for the 2-thread runs.
 *   throughput_bench KEY.pem TOKEN_FILE --count N off|on
 *       N verifications on one thread, for counting heap allocations with valgrind
 *       (the difference of "total heap usage" between two values of N).
 *
 * One verification is what an application does: sessionjwt_verifier_verify (explicit now),
 * read the user id (sessionjwt_auth_user_id), sessionjwt_auth_free. Every result is checked;
 * a wrong one stops the benchmark with exit status 1. Nothing here asserts a time. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sessionjwt.h"

#define MAX_THREADS 2
#define MAX_ROUNDS 64
#define AUTHORIZED_PARTY "https://app.example.com"

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(2);
  }
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  if (!buf) exit(2);
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) n--; /* a token file's newline */
  *len = n;
  return buf;
}

struct bench {
  const sessionjwt_verifier *verifier;
  const uint8_t *token;
  size_t token_len;
  int64_t now_ms;
  char sub[256];
  size_t sub_len;
  bool control; /* run the control loop instead of verifying */
  atomic_bool stop;
  atomic_bool failed;
  pthread_barrier_t start;
};

/* One verification, checked. */
static bool verify_once(struct bench *b) {
  sessionjwt_auth *auth = NULL;
  sessionjwt_result r =
      sessionjwt_verifier_verify(b->verifier, b->token, b->token_len, b->now_ms, &auth);
  if (r != SESSIONJWT_RESULT_OK) {
    sessionjwt_str reason = sessionjwt_result_code(r);
    fprintf(stderr, "verification failed: %.*s\n", (int)reason.len, reason.data);
    return false;
  }
  sessionjwt_str sub = sessionjwt_auth_user_id(auth);
  bool ok = sub.data != NULL && sub.len == b->sub_len && memcmp(sub.data, b->sub, sub.len) == 0;
  sessionjwt_auth_free(auth);
  if (!ok) fprintf(stderr, "wrong user id\n");
  return ok;
}

/* The control's unit of work: about as many xorshift steps as fit in a few microseconds. */
static bool control_once(uint64_t *state) {
  uint64_t x = *state;
  for (int i = 0; i < 4096; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  *state = x;
  return x != 0;
}

struct worker_arg {
  struct bench *bench;
  uint64_t ops;
  /* From /proc/thread-self/schedstat over the loop: ns on a CPU and ns runnable but waiting
   * for one; wall is the loop's wall-clock ns (all 0 when schedstat is unavailable). */
  double run_ns, wait_ns, wall_ns;
};

static bool schedstat(double *run_ns, double *wait_ns) {
  FILE *f = fopen("/proc/thread-self/schedstat", "r");
  if (!f) return false;
  unsigned long long run = 0, wait = 0;
  bool ok = fscanf(f, "%llu %llu", &run, &wait) == 2;
  fclose(f);
  *run_ns = (double)run;
  *wait_ns = (double)wait;
  return ok;
}

static double seconds_of(clockid_t clock);

static void *worker(void *p) {
  struct worker_arg *w = p;
  struct bench *b = w->bench;
  pthread_barrier_wait(&b->start);
  double run0, wait0, run1, wait1, wall0 = seconds_of(CLOCK_MONOTONIC);
  bool sched = schedstat(&run0, &wait0);
  uint64_t ops = 0, state = (uint64_t)(uintptr_t)w | 1;
  while (!atomic_load_explicit(&b->stop, memory_order_relaxed)) {
    if (!(b->control ? control_once(&state) : verify_once(b))) {
      atomic_store(&b->failed, true);
      break;
    }
    ops++;
  }
  w->ops = ops;
  double wall1 = seconds_of(CLOCK_MONOTONIC);
  if (sched && schedstat(&run1, &wait1)) {
    w->run_ns = run1 - run0;
    w->wait_ns = wait1 - wait0;
    w->wall_ns = (wall1 - wall0) * 1e9;
  }
  return NULL;
}

static double seconds_of(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct result {
  double per_second;  /* verifications per wall-clock second, all threads */
  double cpu_us;      /* process CPU time per verification, in microseconds */
  /* Shares of the threads' loop time: running, waiting for a CPU, blocked (the rest). */
  double running, waiting, blocked;
};

/* `threads` threads verify for `seconds`. */
static struct result run(struct bench *b, int threads, double seconds) {
  pthread_t tids[MAX_THREADS];
  struct worker_arg args[MAX_THREADS];
  atomic_store(&b->stop, false);
  if (pthread_barrier_init(&b->start, NULL, (unsigned)threads + 1) != 0) exit(2);
  for (int i = 0; i < threads; i++) {
    args[i] = (struct worker_arg){.bench = b, .ops = 0};
    if (pthread_create(&tids[i], NULL, worker, &args[i]) != 0) exit(2);
  }
  pthread_barrier_wait(&b->start);
  double wall0 = seconds_of(CLOCK_MONOTONIC), cpu0 = seconds_of(CLOCK_PROCESS_CPUTIME_ID);
  struct timespec pause = {.tv_sec = (time_t)seconds,
                           .tv_nsec = (long)((seconds - (double)(time_t)seconds) * 1e9)};
  nanosleep(&pause, NULL);
  atomic_store(&b->stop, true);
  uint64_t ops = 0;
  double run_ns = 0, wait_ns = 0, wall_ns = 0;
  for (int i = 0; i < threads; i++) {
    pthread_join(tids[i], NULL);
    ops += args[i].ops;
    run_ns += args[i].run_ns;
    wait_ns += args[i].wait_ns;
    wall_ns += args[i].wall_ns;
  }
  double wall = seconds_of(CLOCK_MONOTONIC) - wall0;
  double cpu = seconds_of(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
  pthread_barrier_destroy(&b->start);
  if (atomic_load(&b->failed) || ops == 0) {
    fprintf(stderr, "benchmark failed\n");
    exit(1);
  }
  struct result res = {.per_second = (double)ops / wall, .cpu_us = cpu / (double)ops * 1e6};
  if (wall_ns > 0) {
    res.running = run_ns / wall_ns;
    res.waiting = wait_ns / wall_ns;
    res.blocked = 1 - res.running - res.waiting;
    if (res.blocked < 0) res.blocked = 0; /* clock granularity */
  }
  return res;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(const double *values, int n) {
  double sorted[MAX_ROUNDS];
  memcpy(sorted, values, sizeof(double) * (size_t)n);
  qsort(sorted, (size_t)n, sizeof(double), compare_doubles);
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static sessionjwt_verifier *make_verifier(const char *pem, size_t pem_len, size_t capacity) {
  sessionjwt_verifier_builder *b = sessionjwt_verifier_builder_new();
  sessionjwt_verifier *v = NULL;
  if (!b || sessionjwt_verifier_builder_add_pem(b, (const uint8_t *)pem, pem_len) ||
      sessionjwt_verifier_builder_add_authorized_party(b, (const uint8_t *)AUTHORIZED_PARTY,
                                                       strlen(AUTHORIZED_PARTY)) ||
      sessionjwt_verifier_builder_set_cache_capacity(b, capacity) ||
      sessionjwt_verifier_builder_build(b, &v)) {
    fprintf(stderr, "cannot build the verifier\n");
    exit(2);
  }
  sessionjwt_verifier_builder_free(b);
  return v;
}

/* The user id the token carries, from one verification by a verifier without cache. */
static void expected_sub(struct bench *b, const char *pem, size_t pem_len) {
  sessionjwt_verifier *v = make_verifier(pem, pem_len, 0);
  sessionjwt_auth *auth = NULL;
  sessionjwt_result r = sessionjwt_verifier_verify(v, b->token, b->token_len, b->now_ms, &auth);
  if (r != SESSIONJWT_RESULT_OK) {
    sessionjwt_str code = sessionjwt_result_code(r);
    fprintf(stderr, "the token does not verify: %.*s\n", (int)code.len, code.data);
    exit(2);
  }
  sessionjwt_str sub = sessionjwt_auth_user_id(auth);
  if (!sub.data || sub.len >= sizeof b->sub) exit(2);
  memcpy(b->sub, sub.data, sub.len);
  b->sub_len = sub.len;
  sessionjwt_auth_free(auth);
  sessionjwt_verifier_free(v);
}

static void print_loadavg(const char *when) {
  char line[128] = "?";
  FILE *f = fopen("/proc/loadavg", "r");
  if (f) {
    if (!fgets(line, sizeof line, f)) strcpy(line, "?");
    fclose(f);
  }
  line[strcspn(line, "\n")] = '\0';
  printf("load average %s: %s\n", when, line);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s KEY.pem TOKEN_FILE [SECONDS [ROUNDS]] | --count N off|on\n",
            argv[0]);
    return 2;
  }
  size_t pem_len, token_len;
  char *pem = read_file(argv[1], &pem_len);
  char *token = read_file(argv[2], &token_len);
  struct bench b = {.token = (const uint8_t *)token, .token_len = token_len,
                    .now_ms = sessionjwt_now_ms()};
  expected_sub(&b, pem, pem_len);

  if (argc == 6 && strcmp(argv[3], "--count") == 0) {
    long n = atol(argv[4]);
    bool on = strcmp(argv[5], "on") == 0;
    sessionjwt_verifier *v = make_verifier(pem, pem_len, on ? SESSIONJWT_CACHE_CAPACITY_DEFAULT : 0);
    b.verifier = v;
    for (long i = 0; i < n; i++) {
      if (!verify_once(&b)) return 1;
    }
    sessionjwt_verifier_free(v);
    free(pem);
    free(token);
    return 0;
  }

  double seconds = argc > 3 ? atof(argv[3]) : 2.0;
  int rounds = argc > 4 ? atoi(argv[4]) : 5;
  if (seconds <= 0 || rounds < 1 || rounds > MAX_ROUNDS) {
    fprintf(stderr, "SECONDS > 0, 1 <= ROUNDS <= %d\n", MAX_ROUNDS);
    return 2;
  }
  printf("RS256, %zu-byte token, RSA-2048 key, one authorized party; %ld CPUs online; "
         "%d rounds of %.2f s per configuration\n",
         token_len, sysconf(_SC_NPROCESSORS_ONLN), rounds, seconds);
  print_loadavg("before");
  for (int config = -1; config < 2; config++) {
    bool cached = config == 1;
    b.control = config < 0;
    sessionjwt_verifier *v =
        make_verifier(pem, pem_len, cached ? SESSIONJWT_CACHE_CAPACITY_DEFAULT : 0);
    b.verifier = v;
    if (!verify_once(&b)) return 1; /* with the cache on, every timed call is now a hit */
    double one[MAX_ROUNDS], two[MAX_ROUNDS], ratio[MAX_ROUNDS], cpu1[MAX_ROUNDS],
        cpu2[MAX_ROUNDS], running[MAX_ROUNDS], waiting[MAX_ROUNDS], blocked[MAX_ROUNDS];
    for (int r = 0; r < rounds; r++) {
      struct result r1, r2;
      if (r % 2 == 0) {
        r1 = run(&b, 1, seconds);
        r2 = run(&b, 2, seconds);
      } else {
        r2 = run(&b, 2, seconds);
        r1 = run(&b, 1, seconds);
      }
      one[r] = r1.per_second;
      two[r] = r2.per_second;
      cpu1[r] = r1.cpu_us;
      cpu2[r] = r2.cpu_us;
      running[r] = r2.running;
      waiting[r] = r2.waiting;
      blocked[r] = r2.blocked;
      ratio[r] = r2.per_second / r1.per_second;
    }
    double lo = ratio[0], hi = ratio[0];
    for (int r = 1; r < rounds; r++) {
      lo = ratio[r] < lo ? ratio[r] : lo;
      hi = ratio[r] > hi ? ratio[r] : hi;
    }
    printf("%-9s  1 thread: %9.0f %s/s (%6.2f us CPU each)  2 threads: %9.0f %s/s "
           "(%6.2f us CPU each)  2T/1T: %.2fx (rounds %.2f-%.2f)\n",
           b.control ? "control" : cached ? "cache on" : "cache off", median(one, rounds),
           b.control ? "loops" : "verifies", median(cpu1, rounds), median(two, rounds),
           b.control ? "loops" : "verifies", median(cpu2, rounds), median(ratio, rounds), lo,
           hi);
    printf("           2 threads' time (median): %.1f%% running, %.1f%% waiting for a CPU, "
           "%.1f%% blocked\n",
           100 * median(running, rounds), 100 * median(waiting, rounds),
           100 * median(blocked, rounds));
    if (!b.control) {
      sessionjwt_cache_stats s;
      sessionjwt_verifier_cache_stats(v, &s);
      printf("           cache counters: %llu hits, %llu misses, %llu inserts\n",
             (unsigned long long)s.hits, (unsigned long long)s.misses,
             (unsigned long long)s.inserts);
    }
    sessionjwt_verifier_free(v);
  }
  print_loadavg("after");
  free(pem);
  free(token);
  return 0;
}
