# Node.js addon (ffi-node/) and the Next.js example (examples/nextjs/). Included by the root
# Makefile; run from the repo root. Each target installs what it needs from the npm registry
# with the committed lock files; the addon is built from source by cargo (no prebuilt binary).
#
#   make test-node   node:test suites of the addon (conformance, has/reverification, bad
#                    inputs, worker_threads, the differential run against @clerk/backend),
#                    then tsc on the package's declarations (ffi-node/tsconfig.json)
#   make test-e2e    builds examples/nextjs, starts it on a loopback port and checks it

NPM ?= npm
NODE ?= node
NPM_FLAGS := --no-audit --no-fund --loglevel=error

TEST_TARGETS += test-node test-e2e

.PHONY: test-node test-e2e node-addon

# npm ci runs the package's install script: cargo build --release -p sessionjwt-node, and
# a copy to ffi-node/sessionjwt.node.
node-addon:
	cd ffi-node && $(NPM) ci $(NPM_FLAGS)

test-node: node-addon
	cd ffi-node && $(NODE) --test test/*.test.js
	cd ffi-node && node_modules/.bin/tsc -p .

# The app installs ffi-node as a packed copy (install-links), so the stale copy is removed
# first. `npm install` rather than `npm ci`: the lock is honoured as is, and npm ci refuses
# it because the registry lacks the other platforms' optional @next/swc-* builds.
test-e2e: node-addon
	$(CARGO) build -q --release -p sessionjwt-cli
	rm -rf examples/nextjs/node_modules/sessionjwt
	cd examples/nextjs && $(NPM) install $(NPM_FLAGS)
	NEXT_TELEMETRY_DISABLED=1 $(NODE) --test examples/nextjs/test/e2e.test.mjs
