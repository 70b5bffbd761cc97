# sessionjwt: the two commands a newcomer runs are `make demo` and `make test`.
# `make test` is the union of per-part targets that also run alone (TEST_TARGETS); each
# binding adds its own from mk/*.mk.

SHELL := /bin/bash
CARGO ?= cargo
NO_STD_TARGETS := thumbv7em-none-eabihf x86_64-unknown-none

TEST_TARGETS := test-rust
.DEFAULT_GOAL := test
-include mk/*.mk
.DEFAULT_GOAL := test

# `make bench` runs every benchmark: the Rust ratios and criterion groups and the Node addon
# next to its peers (mk/bench.mk), Go vs golang-jwt and 1 vs 2 goroutines, the C library with
# 1 vs 2 threads (mk/ffi.mk), and the edge build vs @clerk/backend (mk/edge.mk). None of them
# is part of `make test` (which only checks that every Node peer accepts the bench token).
bench: bench-go bench-c bench-edge

.PHONY: test test-rust setup-rust demo

test: $(TEST_TARGETS)
	@echo "make test: all of $(TEST_TARGETS) passed"

# Installs what the Rust checks need on a fresh machine (rustfmt, clippy, bare-metal targets).
setup-rust:
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@for t in $(NO_STD_TARGETS); do \
	  rustup target list --installed | grep -qx "$$t" || rustup target add "$$t"; \
	done

test-rust: setup-rust
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) test --workspace
	@for t in $(NO_STD_TARGETS); do \
	  echo "no_std build for $$t"; \
	  $(CARGO) build -q -p sessionjwt --no-default-features --target "$$t" || exit 1; \
	done

demo:
	$(CARGO) run -q --release -p sessionjwt-cli -- demo
