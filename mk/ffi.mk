# The C ABI (ffi-c/, include/sessionjwt.h) and the Go package (ffi-go/).
#
# Included by the root Makefile; every recipe runs from the repository root. Alone:
#   make -f mk/ffi.mk test-ffi
#
#   header        regenerate ffi-c/src/result_codes.rs and include/sessionjwt.h (cbindgen)
#   check-header  fail if either is stale
#   test-c        C tests under AddressSanitizer+UBSan and under valgrind, pkg-config check
#   test-go       go vet + go test (conformance, middleware) + go test -race, bench smoke run
#   test-ffi      check-header test-c test-go
#   bench-go      the Go benchmarks (sessionjwt vs golang-jwt/jwt/v5; 1 vs 2 goroutines)
#   bench-c       the C throughput benchmark (1 vs 2 threads, cache off/on) and heap
#                 allocations per verification (valgrind)
#   install-ffi   install library, header and sessionjwt.pc under $(DESTDIR)$(PREFIX)
#
# Everything a fresh Debian machine lacks is installed here: cbindgen (pinned, built with
# cargo into target/tools), and valgrind / pkg-config / python3 through apt-get when missing.

# Keep the includer's default goal.
ffi_saved_default_goal := $(.DEFAULT_GOAL)

CARGO ?= cargo
GO ?= go
PYTHON ?= python3
# shared/ sits beside the repository (conformance data, read at run time, never copied).
SHARED ?= ../shared
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib

CBINDGEN_VERSION := 0.29.4
FFI_TOOLS := target/tools
CBINDGEN := $(FFI_TOOLS)/bin/cbindgen
FFI_BUILD := target/ffi-c
# Generated C fixtures only: nothing else named like a header may sit here.
FFI_GEN := $(FFI_BUILD)/gen
FFI_STATIC := target/release/libsessionjwt.a
# What the Rust standard library needs when libsessionjwt.a is linked statically
# (`cargo rustc -- --print native-static-libs`).
FFI_SYSLIBS := -lpthread -ldl -lm -lrt -lutil -lgcc_s
FFI_CFLAGS := -Wall -Wextra -Werror -std=c11 -g -Iinclude -I$(FFI_GEN) -Iffi-c/tests/c
FFI_SANITIZE := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FFI_VALGRIND := valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect
FFI_VERSION = $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
FFI_C_TESTS := api_test threads_test battery_test cache_test

.PHONY: header check-header test-c test-go test-ffi bench-go bench-c install-ffi ffi-lib \
	ffi-cbindgen ffi-tools ffi-cases ffi-stage ffi-bench-token

ffi-tools:
	@missing=""; \
	for t in valgrind pkg-config $(PYTHON); do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

ffi-cbindgen:
	@$(CBINDGEN) --version 2>/dev/null | grep -qx 'cbindgen $(CBINDGEN_VERSION)' || \
	  $(CARGO) install cbindgen --version $(CBINDGEN_VERSION) --locked --debug --force --root $(FFI_TOOLS)

# The result-code constants are generated from the core's error table, then the header from
# the crate's sources.
header: ffi-cbindgen
	SESSIONJWT_BLESS=1 $(CARGO) test -q -p sessionjwt-ffi --lib result_codes_file_is_current
	$(CBINDGEN) --quiet --config ffi-c/cbindgen.toml --crate sessionjwt-ffi --output include/sessionjwt.h ffi-c

check-header: ffi-cbindgen
	$(CARGO) test -q -p sessionjwt-ffi --lib result_codes_file_is_current
	@mkdir -p $(FFI_BUILD)/check
	$(CBINDGEN) --quiet --config ffi-c/cbindgen.toml --crate sessionjwt-ffi --output $(FFI_BUILD)/check/sessionjwt.h ffi-c
	@diff -u include/sessionjwt.h $(FFI_BUILD)/check/sessionjwt.h || \
	  { echo "include/sessionjwt.h is stale: run 'make header' and commit it"; exit 1; }

ffi-lib:
	$(CARGO) build --release -p sessionjwt-ffi

# The C fixtures: generated from ../shared, the divergence ledger and conformance/battery.json
# at every run.
ffi-cases: ffi-tools
	@mkdir -p $(FFI_GEN)
	$(PYTHON) ffi-c/tests/c/gen_cases.py $(SHARED) . $(FFI_GEN)/cases.h
	$(PYTHON) ffi-c/tests/c/gen_battery.py . $(FFI_GEN)/battery_cases.h

# A staged `make install-ffi` (DESTDIR) that the tests link through pkg-config, to prove
# sessionjwt.pc and the shared library.
FFI_STAGE := $(CURDIR)/$(FFI_BUILD)/stage
FFI_STAGE_ENV := PKG_CONFIG_SYSROOT_DIR=$(FFI_STAGE) PKG_CONFIG_LIBDIR=$(FFI_STAGE)/usr/lib/pkgconfig \
	LD_LIBRARY_PATH=$(FFI_STAGE)/usr/lib

ffi-stage: ffi-tools ffi-lib
	@rm -rf $(FFI_STAGE)
	@$(MAKE) --no-print-directory -f mk/ffi.mk install-ffi DESTDIR=$(FFI_STAGE) PREFIX=/usr >/dev/null

test-c: ffi-tools ffi-lib ffi-cases ffi-stage
	@for t in $(FFI_C_TESTS); do \
	  set -e; \
	  echo "== $$t (AddressSanitizer + UBSan)"; \
	  $(CC) $(FFI_CFLAGS) $(FFI_SANITIZE) ffi-c/tests/c/$$t.c $(FFI_STATIC) $(FFI_SYSLIBS) -o $(FFI_BUILD)/$$t-asan; \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 $(FFI_BUILD)/$$t-asan; \
	  echo "== $$t (valgrind)"; \
	  $(CC) $(FFI_CFLAGS) -O1 ffi-c/tests/c/$$t.c $(FFI_STATIC) $(FFI_SYSLIBS) -o $(FFI_BUILD)/$$t; \
	  $(FFI_VALGRIND) $(FFI_BUILD)/$$t; \
	done
	@echo "== examples/c/verify (valgrind)"
	$(CC) -Wall -Wextra -Werror -std=c11 -O1 -Iinclude examples/c/verify.c $(FFI_STATIC) $(FFI_SYSLIBS) -o $(FFI_BUILD)/verify
	sh ffi-c/tests/c/check_verify_example.sh $(FFI_BUILD)/verify $(SHARED) \
	  $(subst --error-exitcode=1,--error-exitcode=99,$(FFI_VALGRIND))
	@echo "== throughput_bench builds (make bench-c runs it)"
	$(CC) $(FFI_CFLAGS) -O2 ffi-c/tests/c/throughput_bench.c $(FFI_STATIC) $(FFI_SYSLIBS) -o $(FFI_BUILD)/throughput_bench
	@echo "== api_test against a staged install, through pkg-config and the shared library"
	$(FFI_STAGE_ENV) sh -c '$(CC) -Wall -Wextra -Werror -std=c11 -I$(FFI_GEN) -Iffi-c/tests/c $$(pkg-config --cflags sessionjwt) \
	    ffi-c/tests/c/api_test.c $$(pkg-config --libs sessionjwt) -o $(FFI_BUILD)/api_test-shared'
	$(FFI_STAGE_ENV) $(FFI_BUILD)/api_test-shared

install-ffi: ffi-lib
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 644 $(FFI_STATIC) $(DESTDIR)$(LIBDIR)/libsessionjwt.a
	install -m 755 target/release/libsessionjwt.so $(DESTDIR)$(LIBDIR)/libsessionjwt.so
	install -m 644 include/sessionjwt.h $(DESTDIR)$(PREFIX)/include/sessionjwt.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@VERSION@|$(FFI_VERSION)|' \
	  ffi-c/sessionjwt.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/sessionjwt.pc

# The Go package links target/release/libsessionjwt.a through cgo (see ffi-go/cgo.go); Go
# relinks test binaries on every run, so a rebuilt library is always picked up.
test-go: ffi-lib ffi-stage
	@unformatted="$$(gofmt -l ffi-go examples/go benches/go)"; \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	cd ffi-go && $(GO) vet ./... && $(GO) test -count=1 ./...
	cd ffi-go && $(GO) test -count=1 -race ./...
	@echo "== ffi-go linked through pkg-config and the shared library (-tags sessionjwt_system)"
	cd ffi-go && $(FFI_STAGE_ENV) $(GO) test -count=1 -tags sessionjwt_system -run 'TestClerkVerifyCases|TestMiddleware' ./...
	cd examples/go && $(GO) vet ./... && $(GO) test -count=1 ./...
	cd benches/go && $(GO) vet ./... && $(GO) test -count=1 -run '^$$' -bench . -benchtime 20x ./...

bench-go: ffi-lib
	cd benches/go && $(GO) test -count=1 -run '^$$' -bench . -benchtime 2s -count 5 ./...

# The C benchmark's token is the Rust benches' fixture (benches/benches/fixtures.rs): a
# Clerk-style v2 session token of 916 bytes, RS256, signed with the Clerk fixture RSA-2048
# key, valid for an hour from now; minted by the CLI at every run.
BENCH_C_SECONDS ?= 2
BENCH_C_ROUNDS ?= 5
BENCH_C_COUNT ?= 100
FFI_BENCH_TOKEN := $(FFI_BUILD)/bench-token.jwt
FFI_BENCH_KEY := $(SHARED)/conformance/clerk/keys/signing-public-spki.pem
FFI_BENCH_CLAIMS := {"azp":"https://app.example.com","fea":"o:dashboard","fva":[2,-1],"iss":"https://clerk.example.com","o":{"fpm":"3","id":"org_2abcdefghijklmnopqrstuvwx","per":"read,manage","rol":"admin"},"sid":"sess_2abcdefghijklmnopqrstuvwx","sts":"active","sub":"user_2abcdefghijklmnopqrstuvwx","v":2}

ffi-bench-token:
	$(CARGO) build -q --release -p sessionjwt-cli
	@mkdir -p $(FFI_BUILD)
	target/release/sessionjwt mint --key $(SHARED)/conformance/clerk/keys/signing-private-pkcs8.pem \
	  --alg RS256 --kid ins_2GIoQhbUpy0hX7B2cVkuTMinXoD --ttl 3600 \
	  --claims '$(FFI_BENCH_CLAIMS)' > $(FFI_BENCH_TOKEN)

# Timed: verifies/s with 1 and 2 threads (see throughput_bench.c). Counted, so independent of
# the machine's load, as differences between BENCH_C_COUNT and 2 x BENCH_C_COUNT
# verifications divided by BENCH_C_COUNT: heap allocations (malloc calls, C and Rust; valgrind's
# "total heap usage") and instructions (callgrind) per verification.
bench-c: ffi-tools ffi-lib ffi-bench-token
	$(CC) $(FFI_CFLAGS) -O2 ffi-c/tests/c/throughput_bench.c $(FFI_STATIC) $(FFI_SYSLIBS) -o $(FFI_BUILD)/throughput_bench
	$(FFI_BUILD)/throughput_bench $(FFI_BENCH_KEY) $(FFI_BENCH_TOKEN) $(BENCH_C_SECONDS) $(BENCH_C_ROUNDS)
	@for cache in off on; do \
	  count() { valgrind $$1 $(FFI_BUILD)/throughput_bench $(FFI_BENCH_KEY) $(FFI_BENCH_TOKEN) --count $$2 $$cache 2>&1 \
	    | sed -n "s/$$3/\1/p" | tr -d ,; }; \
	  n=$(BENCH_C_COUNT); \
	  a1=$$(count --tool=memcheck $$n '.*total heap usage: \([0-9,]*\) allocs.*'); \
	  a2=$$(count --tool=memcheck $$(( 2 * n )) '.*total heap usage: \([0-9,]*\) allocs.*'); \
	  i1=$$(count '--tool=callgrind --callgrind-out-file=/dev/null' $$n '.*Collected : \([0-9,]*\).*'); \
	  i2=$$(count '--tool=callgrind --callgrind-out-file=/dev/null' $$(( 2 * n )) '.*Collected : \([0-9,]*\).*'); \
	  awk -v c=$$cache -v a=$$a1 -v b=$$a2 -v i=$$i1 -v j=$$i2 -v n=$$n 'BEGIN { \
	    printf "cache %-3s %6.2f heap allocations, %8.0f instructions per verification (valgrind, %d vs %d verifications)\n", \
	      c, (b - a) / n, (j - i) / n, n, 2 * n }'; \
	done

test-ffi: check-header test-c test-go

# The root Makefile's `make test` runs every target listed here.
TEST_TARGETS += check-header test-c test-go

# Restore the includer's default goal (empty: its next target becomes the default).
.DEFAULT_GOAL := $(ffi_saved_default_goal)
