#!/usr/bin/env bash
# Heap calls per operation of any command, with the malloc_count LD_PRELOAD shim.
#
#   benches/alloc/per-op.sh [-n N] [-s SHIM] [-j] -- command args...
#
# Runs the command twice under LD_PRELOAD=SHIM, with ALLOC_ITERATIONS=N and then 2N in its
# environment: the command must do a fixed setup (and warm-up), then exactly
# $ALLOC_ITERATIONS operations, then exit through exit() (see malloc_count.c; Go: C.exit).
# Setup, warm-up and exit cost the same in both runs, so
#     (count(2N) - count(N)) / N
# is the number of calls per operation. Printed for the whole process ("all", which includes
# background threads: GC, JIT, thread pools) and for the main thread alone ("main").
#
#   -n N      operations in the first run (default 20000)
#   -s SHIM   the shim (default target/malloc-count/libmalloc_count.so, from `make malloc-count`)
#   -j        one JSON object instead of the human-readable lines
#
# Only the line of the process that was started is read (its pid): children of the command
# inherit LD_PRELOAD and report too.
set -euo pipefail

n=20000
shim=target/malloc-count/libmalloc_count.so
json=0
while [ $# -gt 0 ]; do
  case "$1" in
    -n) n=$2; shift 2 ;;
    -s) shim=$2; shift 2 ;;
    -j) json=1; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 [-n N] [-s SHIM] [-j] -- command args..." >&2; exit 2; }
[ -f "$shim" ] || { echo "per-op.sh: no shim at $shim (make malloc-count)" >&2; exit 2; }
case "$shim" in /*) ;; *) shim="$PWD/$shim" ;; esac

out=$(mktemp)
trap 'rm -f "$out"' EXIT

# One run: prints the shim's counters for the started process ("all" then "main", 6 each).
run() {
  : >"$out"
  ALLOC_ITERATIONS=$1 MALLOC_COUNT_OUT="$out" LD_PRELOAD="$shim${LD_PRELOAD:+:$LD_PRELOAD}" "${@:2}" >/dev/null &
  local pid=$!
  wait "$pid" || { echo "per-op.sh: the command failed (ALLOC_ITERATIONS=$1): ${*:2}" >&2; exit 1; }
  local line
  line=$(grep "^malloc_count pid=$pid " "$out") || { echo "per-op.sh: no report from pid $pid" >&2; exit 1; }
  echo "$line" | tr ' ' '\n' | sed -n 's/^[a-z_]*=//p' | tail -n 12
}

one=($(run "$n" "$@"))
two=($(run $((2 * n)) "$@"))

names=(malloc calloc realloc memalign free free_null)
awk -v n="$n" -v json="$json" -v a="${one[*]}" -v b="${two[*]}" -v names="${names[*]}" '
BEGIN {
  split(a, x, " "); split(b, y, " "); split(names, k, " ");
  for (i = 1; i <= 12; i++) d[i] = (y[i] - x[i]) / n;
  # allocations: malloc + calloc + memalign (realloc moves or grows, counted apart)
  allocAll = d[1] + d[2] + d[4]; allocMain = d[7] + d[8] + d[10];
  if (json) {
    printf "{\"n\":%d,\"all\":{", n;
    for (i = 1; i <= 6; i++) printf "%s\"%s\":%.3f", (i > 1 ? "," : ""), k[i], d[i];
    printf ",\"allocations\":%.3f},\"main\":{", allocAll;
    for (i = 1; i <= 6; i++) printf "%s\"%s\":%.3f", (i > 1 ? "," : ""), k[i], d[i + 6];
    printf ",\"allocations\":%.3f}}\n", allocMain;
  } else {
    printf "per operation (N=%d vs %d):\n", n, 2 * n;
    printf "  all threads: allocations %.2f (malloc %.2f calloc %.2f memalign %.2f) realloc %.2f free %.2f free(NULL) %.2f\n", allocAll, d[1], d[2], d[4], d[3], d[5], d[6];
    printf "  main thread: allocations %.2f (malloc %.2f calloc %.2f memalign %.2f) realloc %.2f free %.2f free(NULL) %.2f\n", allocMain, d[7], d[8], d[10], d[9], d[11], d[12];
  }
}'
