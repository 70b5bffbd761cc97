# The edge runtime build: the core as WebAssembly (ffi-wasm/) behind the JavaScript glue
# `sessionjwt/edge` of the npm package (ffi-node/edge.mjs, ffi-node/sessionjwt.wasm). Tests,
# benchmarks and build tools live in ffi-wasm/js (their own package.json and lock file).
#
#   make wasm        builds ffi-node/sessionjwt.wasm and checks the size budget
#   make test-edge   the wasm build's tests (part of `make test`): host clippy for wasm32, the
#                    Clerk conformance data through sessionjwt/edge in the edge-runtime
#                    sandbox, and examples/nextjs-edge (middleware.ts on the Edge runtime)
#                    built, started on a loopback port and checked end to end
#   make bench-edge  us/verify on the edge runtime, next to @clerk/backend
#
# Size: the module is built without std (core + alloc rebuilt with panic=immediate-abort, no
# panic locations, no Debug formatting, which needs a pinned nightly and rust-src: measured
# once, 162 KB with stable std against 142 KB this way), then shrunk by
# Binaryen's wasm-opt (npm `binaryen`, from the committed lock file). ring's C code needs clang
# for wasm32.

WASM_NIGHTLY ?= nightly-2026-05-19
WASM_TARGET := wasm32-unknown-unknown
WASM_TARGET_DIR := target/wasm-edge
WASM_RAW := $(WASM_TARGET_DIR)/$(WASM_TARGET)/wasm/sessionjwt_wasm.wasm
WASM_OUT := ffi-node/sessionjwt.wasm
# Bytes: the budget is 150 KB.
WASM_BUDGET := 150000
EDGE_JS := ffi-wasm/js
WASM_OPT_FEATURES := --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-multivalue --enable-reference-types

TEST_TARGETS += test-edge

.PHONY: setup-edge wasm test-edge test-edge-unit test-edge-e2e bench-edge

# Installs what the wasm build needs on a fresh Debian machine.
setup-edge:
	@command -v clang >/dev/null 2>&1 || { \
	  echo "setup-edge: installing clang (ring's C code for wasm32)"; \
	  { apt-get update -qq || true; } && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang >/dev/null; }
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@rustup toolchain list | grep -q '^$(WASM_NIGHTLY)' || \
	  rustup toolchain install $(WASM_NIGHTLY) --profile minimal --component rust-src
	@cd $(EDGE_JS) && { [ -f node_modules/.package-lock.json ] && \
	  cmp -s package-lock.json node_modules/.package-lock.json.src 2>/dev/null || { \
	  npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.package-lock.json.src; }; }

# No panic location or Debug output is ever shown by a trapping module: leave them out.
WASM_RUSTFLAGS := -Zlocation-detail=none -Zfmt-debug=none

wasm: setup-edge
	RUSTFLAGS="$(WASM_RUSTFLAGS)" CARGO_PROFILE_WASM_PANIC=immediate-abort $(CARGO) +$(WASM_NIGHTLY) build --locked -q \
	  --profile wasm --target $(WASM_TARGET) -p sessionjwt-wasm --target-dir $(WASM_TARGET_DIR) \
	  -Z build-std=core,alloc -Z panic-immediate-abort
	$(EDGE_JS)/node_modules/.bin/wasm-opt -Oz --converge $(WASM_OPT_FEATURES) --strip-debug \
	  --strip-producers $(WASM_RAW) -o $(WASM_OUT)
	@size=$$(stat -c %s $(WASM_OUT)); \
	  echo "sessionjwt.wasm: $$size bytes (budget $(WASM_BUDGET))"; \
	  [ $$size -le $(WASM_BUDGET) ] || { echo "sessionjwt.wasm is over its size budget"; exit 1; }

test-edge: test-edge-unit test-edge-e2e

test-edge-unit: wasm node-addon
	$(CARGO) clippy -q -p sessionjwt-wasm --target $(WASM_TARGET) -- -D warnings
	cd $(EDGE_JS) && npm test

# The app installs ffi-node as a packed copy (install-links): the addon (node-addon, from
# mk/node.mk) and sessionjwt.wasm must be built first, and the stale copy removed.
test-edge-e2e: wasm node-addon
	$(CARGO) build -q --release -p sessionjwt-cli
	rm -rf examples/nextjs-edge/node_modules/sessionjwt
	cd examples/nextjs-edge && npm install --no-audit --no-fund --loglevel=error
	NEXT_TELEMETRY_DISABLED=1 node --test examples/nextjs-edge/test/e2e.test.mjs

bench-edge: wasm
	node --experimental-vm-modules --no-warnings benches/node/edge.bench.mjs
