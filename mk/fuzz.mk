# Fuzzing (see FUZZING.md).
#
# test-fuzz (part of `make test`): the stable smoke run. It replays the seed corpora and
#   FUZZ_SMOKE_SECONDS of deterministic mutations per target through the same functions the
#   libFuzzer targets call, with plain `cargo test` (no nightly, no cargo-fuzz, no libFuzzer
#   C++ build), plus rustfmt and clippy for the fuzz workspace.
# fuzz: the real thing, FUZZ_SECONDS per target with cargo-fuzz (installed when missing), on
#   nightly with AddressSanitizer when a nightly toolchain is available, else stable `-s none`.
#   `make fuzz FUZZ_TARGETS="verify_signed claims_json"` runs some targets only.

# Included before the root Makefile's own rules: keep `make` alone meaning `make test`.
ifeq ($(.DEFAULT_GOAL),)
.DEFAULT_GOAL := test
endif

FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 2
FUZZ_TARGETS ?=

TEST_TARGETS += test-fuzz

.PHONY: test-fuzz fuzz

test-fuzz:
	cd fuzz && $(CARGO) fmt -- --check
	cd fuzz && $(CARGO) clippy -q --locked --no-default-features --all-targets -- -D warnings
	cd fuzz && FUZZ_SMOKE_SECONDS=$(FUZZ_SMOKE_SECONDS) $(CARGO) test -q --locked --no-default-features

fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_TARGETS)
