#!/bin/sh
# Runs examples/c/verify on the Clerk fixture: usage check_verify_example.sh BINARY SHARED_DIR [WRAPPER...]
# (WRAPPER: e.g. valgrind with its options). Prints the `N passed, N failed` line.
set -u
bin=$1 shared=$2
shift 2
clerk=$shared/conformance/clerk
pem=$clerk/keys/signing-public-spki.pem
token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["mockJwt"]["token"])' "$clerk/tokens.json")
passed=0 failed=0

# expect EXIT_STATUS PATTERN -- COMMAND...: the status and a line of the output must match.
expect() {
  want=$1 pattern=$2
  shift 3
  out=$("$@" 2>&1)
  status=$?
  if [ "$status" -eq "$want" ] && printf '%s\n' "$out" | grep -q -- "$pattern"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: exit $status (want $want), output: $out" >&2
  fi
}

export SESSIONJWT_NOW_MS=1666648250000
expect 0 '"userId":"user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr"' -- "$@" "$bin" "$pem" "$token"
# The last two characters replaced, still canonical base64url: a bad signature.
expect 1 token-invalid-signature -- "$@" "$bin" "$pem" "${token%??}AA"
expect 2 usage -- "$@" "$bin"
unset SESSIONJWT_NOW_MS
# The real clock: the 2022 fixture token has expired.
expect 1 token-expired -- "$@" "$bin" "$pem" "$token"
echo "verify example: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
