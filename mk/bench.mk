# Benchmarks (not part of `make test`): criterion groups that put the raw provider verify
# next to the core's full verify, so that ratios come from one run. See BENCHMARKS.md.
#
#   make bench                  interleaved ratios (robust to load), then all criterion groups
#                               and their tables (benches/report.py)
#   make bench-ratios           only the interleaved ratios
#   make bench BENCH=rs256      one group (a criterion filter: rs256, stages, alg_, cache)
#   make bench-callgrind        instruction counts per verify (reproducible on a busy box)
#   make bench-node             the Node addon next to node:crypto, @clerk/backend, jose,
#                               fast-jwt, jsonwebtoken and @node-rs/jsonwebtoken (us/verify and
#                               ratios), worker_threads throughput, allocations per verify
#   make malloc-count           the LD_PRELOAD malloc-counting shim (benches/alloc), for any
#                               command: benches/alloc/per-op.sh -- COMMAND
#
# `make test` runs only test-bench-node: every peer of bench-node accepts the token (a few
# seconds, after npm ci in benches/node).
#
# aws-lc (C) is built by the aws-lc-sys build script with the `cc` crate: it needs only a C
# compiler. valgrind is installed from Debian's packages when missing (bench-callgrind only).

BENCH ?=
CALLGRIND_ITERS ?= 1000

BENCH_ROUNDS ?= 300

.PHONY: bench bench-ratios bench-report bench-callgrind bench-node bench-node-deps \
  test-bench-node malloc-count

bench: bench-ratios bench-node
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

# --- Node (benches/node, benches/alloc) ----------------------------------------------------

MALLOC_COUNT_SO := target/malloc-count/libmalloc_count.so
BENCH_NODE_ROUNDS ?= 101
BENCH_NODE_FLAGS ?=

TEST_TARGETS += test-bench-node

malloc-count: $(MALLOC_COUNT_SO)

$(MALLOC_COUNT_SO): benches/alloc/malloc_count.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -shared -fPIC -o $@ $< -lpthread

# npm ci only when the lock changed since the last install (the stamp is a copy of it).
bench-node-deps:
	@cd benches/node && { cmp -s package-lock.json node_modules/.package-lock.json.src 2>/dev/null || { \
	  $(NPM) ci $(NPM_FLAGS) && cp package-lock.json node_modules/.package-lock.json.src; }; }

bench-node: node-addon bench-node-deps malloc-count
	$(NODE) --expose-gc benches/node/verify.bench.mjs --rounds $(BENCH_NODE_ROUNDS) $(BENCH_NODE_FLAGS)
	$(NODE) benches/node/workers.bench.mjs $(BENCH_NODE_FLAGS)
	MALLOC_COUNT_SO=$(MALLOC_COUNT_SO) $(NODE) benches/node/alloc.bench.mjs $(BENCH_NODE_FLAGS)

test-bench-node: node-addon bench-node-deps
	$(NODE) benches/node/verify.bench.mjs --smoke
