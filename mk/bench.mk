# Benchmarks (not part of `make test`): criterion groups that put the raw provider verify
# next to the core's full verify, so that ratios come from one run. See BENCHMARKS.md.
#
#   make bench                  interleaved ratios (robust to load), then all criterion groups
#                               and their tables (benches/report.py)
#   make bench-ratios           only the interleaved ratios
#   make bench BENCH=rs256      one group (a criterion filter: rs256, stages, alg_, cache)
#   make bench-callgrind        instruction counts per verify (reproducible on a busy box)
#
# aws-lc (C) is built by the aws-lc-sys build script with the `cc` crate: it needs only a C
# compiler. valgrind is installed from Debian's packages when missing (bench-callgrind only).

BENCH ?=
CALLGRIND_ITERS ?= 1000

BENCH_ROUNDS ?= 300

.PHONY: bench bench-ratios bench-report bench-callgrind

bench: bench-ratios
	$(CARGO) bench -p sessionjwt-benches --bench verify -- $(BENCH)
	@$(MAKE) --no-print-directory bench-report

bench-ratios:
	$(CARGO) bench -p sessionjwt-benches --bench ratios -- $(BENCH_ROUNDS)

bench-report:
	@python3 benches/report.py target/criterion

bench-callgrind:
	@command -v valgrind >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq valgrind; }
	$(CARGO) bench -p sessionjwt-benches --bench profile --no-run
	@bin=$$(ls -t target/release/deps/profile-* | grep -v '\.d$$' | head -1); \
	for mode in ring-raw ring aws-lc-raw aws-lc pipeline cache-hit; do \
	  one=$$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $$bin $$mode 1 2>&1 | sed -n 's/.*Collected : //p' | tr -d ,); \
	  many=$$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $$bin $$mode $$(( $(CALLGRIND_ITERS) + 1 )) 2>&1 | sed -n 's/.*Collected : //p' | tr -d ,); \
	  printf '%-10s %8d instructions per verify\n' $$mode $$(( (many - one) / $(CALLGRIND_ITERS) )); \
	done
