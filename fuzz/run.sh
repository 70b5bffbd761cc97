#!/usr/bin/env bash
# Full fuzzing (`make fuzz`): every target (or those given as arguments) for FUZZ_SECONDS
# each, one after another, with libFuzzer through cargo-fuzz.
#
# - cargo-fuzz is installed from crates.io when missing (about 1 minute).
# - With a nightly toolchain (installed here, or installable with rustup) the targets are
#   built with AddressSanitizer; otherwise on stable with `-s none` (coverage-guided, no
#   sanitizer: the core is `#![forbid(unsafe_code)]`, so ASan mostly watches ring's C).
# - Seeds are written into corpus/<target>/ from ../shared first; the corpus grows there
#   (ignored by git) across runs on the same machine.
# - A crash stops the run and leaves the input in artifacts/<target>/.
# - One summary line per target goes to stdout and to fuzz/runs.log, for FUZZING.md.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-60}
jobs_flag=()
[ -n "${FUZZ_RSS_LIMIT_MB:-}" ] && jobs_flag+=("-rss_limit_mb=$FUZZ_RSS_LIMIT_MB")

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz from crates.io"
  cargo install cargo-fuzz --locked
fi

toolchain=stable
sanitizer=none
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=nightly
elif rustup toolchain install nightly --profile minimal >/dev/null 2>&1; then
  toolchain=nightly
fi
if [ "$toolchain" = nightly ]; then
  sanitizer=${FUZZ_SANITIZER:-address}
fi
echo "fuzzing with $toolchain, sanitizer $sanitizer, ${seconds}s per target"

cargo run -q --no-default-features --example write_corpus -- "$@"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(ls fuzz_targets | sed 's/\.rs$//')
fi
# Build everything first, so the timed runs below measure fuzzing only.
if [ $# -eq 0 ]; then
  cargo "+$toolchain" fuzz build -O -s "$sanitizer"
else
  for t in "${targets[@]}"; do cargo "+$toolchain" fuzz build -O -s "$sanitizer" "$t"; done
fi

for t in "${targets[@]}"; do
  # Up to date before the clock starts (a no-op unless the sources changed since the build
  # above), so that no compile time is logged as fuzzing time.
  cargo "+$toolchain" fuzz build -O -s "$sanitizer" "$t"
  log=$(mktemp)
  cpu_log=$(mktemp)
  start=$(date +%s)
  status=ok
  # CPU seconds (user + system) next to the wall time: on a shared machine the two differ.
  TIMEFORMAT='%0U %0S'
  { time cargo "+$toolchain" fuzz run -O -s "$sanitizer" "$t" -- \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -print_final_stats=1 \
    "${jobs_flag[@]}" >"$log" 2>&1 || echo FAILED >"$log.status"; } 2>"$cpu_log"
  [ -e "$log.status" ] && status=FAILED
  elapsed=$(( $(date +%s) - start ))
  read -r user_s sys_s <"$cpu_log" || true
  cpu=$(( ${user_s:-0} + ${sys_s:-0} ))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
  corpus=$(ls "corpus/$t" | wc -l)
  line="$(date -u +%F) $t $toolchain/$sanitizer ${elapsed}s runs=$runs cov=$cov corpus=$corpus cpu=${cpu}s $status"
  echo "$line" | tee -a runs.log
  if [ "$status" != ok ]; then
    tail -n 40 "$log"
    rm -f "$log" "$log.status" "$cpu_log"
    exit 1
  fi
  rm -f "$log" "$cpu_log"
done
