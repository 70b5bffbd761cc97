#!/usr/bin/env python3
"""Writes the C test fixtures (a header of static arrays) into the build directory.

usage: gen_cases.py SHARED_DIR REPO_ROOT OUT_HEADER

Nothing here decides an outcome by itself. The verify cases and their expected results come
from SHARED_DIR/conformance/clerk/verify-cases.json; a case listed in the project's ledger of
deliberate divergences (REPO_ROOT/conformance/divergences.json) is expected to give the
ledger's outcome instead, and the ledger must agree with the data about what Clerk does.

It also mints a few HS256 tokens (Python's standard hmac) with payloads that the Clerk data
has no example of: an embedded NUL in `sub`, escaped strings, v2 organization claims.
"""

import base64
import hashlib
import hmac
import json
import sys

shared, root, out_path = sys.argv[1:4]
clerk = f"{shared}/conformance/clerk"


def load(path):
    with open(path, "rb") as f:
        return f.read()


def c_bytes(data):
    """A C string literal for arbitrary bytes (octal escapes keep it unambiguous)."""
    if isinstance(data, str):
        data = data.encode()
    out = []
    for b in data:
        if 0x20 <= b < 0x7F and b not in b'"\\?':
            out.append(chr(b))
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


def c_sized(data):
    """`literal, length` for a (pointer, length) pair; NULL, 0 for None."""
    if data is None:
        return "NULL, 0"
    if isinstance(data, str):
        data = data.encode()
    return f"{c_bytes(data)}, {len(data)}"


def c_list(values):
    return "{" + ", ".join([c_bytes(v) for v in values] + ["NULL"]) + "}"


def strings(value):
    """Clerk accepts a string or an array of strings for list options."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def b64url_decode(segment):
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


tokens = json.loads(load(f"{clerk}/tokens.json"))
cases = json.loads(load(f"{clerk}/verify-cases.json"))
ledger = json.loads(load(f"{root}/conformance/divergences.json"))
listed = {d["id"]: d for d in ledger["divergences"] if d["file"] == "verify-cases.json"}

rows = []
seen = set()
for case in cases:
    cid = case["id"]
    assert cid not in seen, f"duplicate case id {cid}"
    seen.add(cid)
    token = case["token"]
    if "ref" in token:
        token = tokens[token["ref"].removeprefix("tokens.json#")]["token"]
    else:
        token = token["literal"]

    key_kind, key = "KEY_NONE", None
    if case["key"] is not None:
        file, _, pointer = case["key"].partition("#")
        text = load(f"{clerk}/{file}")
        if file.endswith(".json"):
            key_kind = "KEY_JWK"
            if pointer == "keys[0]":
                text = json.dumps(json.loads(text)["keys"][0]).encode()
            elif pointer:
                sys.exit(f"{cid}: unsupported key pointer {pointer}")
        else:
            key_kind = "KEY_PEM"
        key = text

    options = case["options"]
    # verifyJwt imports the key for the token's own RSA hash; verifyToken pins RS256 (our
    # default allow-list for an RSA key).
    algorithms = "RS256,RS384,RS512" if case["fn"] == "verifyJwt" else None
    skew = options.get("clockSkewInMs")
    # Clerk uses clockSkewInMs only when it is a finite number ("NaN" falls back to 5000).
    has_skew = isinstance(skew, int) and not isinstance(skew, bool)

    expect = case["expect"]
    clerk_outcome = "ok" if expect.get("ok") else expect["reason"]
    code = None
    if cid in listed:
        d = listed[cid]
        if d["clerk"] != clerk_outcome:
            sys.exit(f"{cid}: ledger says clerk={d['clerk']} but the data says {clerk_outcome}")
        if d["ours"] == clerk_outcome:
            sys.exit(f"{cid}: listed as a divergence but the ledger gives Clerk's outcome")
        outcome, code = d["ours"], d.get("code")
    else:
        outcome = clerk_outcome

    payload = sub = None
    if outcome == "ok":
        payload = b64url_decode(token.split(".")[1])
        if json.loads(payload) != expect["payload"]:
            sys.exit(f"{cid}: the token's payload differs from the expected payload")
        sub = json.loads(payload)["sub"]

    rows.append(
        "  {"
        + ", ".join(
            [
                c_bytes(cid),
                c_sized(token),
                key_kind,
                c_sized(key),
                c_bytes(algorithms) if algorithms else "NULL",
                c_list(strings(options.get("authorizedParties"))),
                c_list(strings(options.get("audience"))),
                c_list(strings(options.get("issuer"))),
                c_list(strings(options.get("headerType"))),
                "1" if has_skew else "0",
                f"INT64_C({skew if has_skew else 0})",
                f"INT64_C({case['nowMs']})",
                c_bytes(outcome),
                c_bytes(code) if code else "NULL",
                c_sized(payload),
                c_sized(sub),
            ]
        )
        + "}"
    )

# HS256 fixtures minted here, for what the Clerk data does not cover.
SECRET = bytes(range(64))
NOW_S = 1666648250


def mint(payload_json, header_json='{"alg":"HS256","typ":"JWT"}'):
    signing_input = b64url(header_json.encode()) + "." + b64url(payload_json.encode())
    mac = hmac.new(SECRET, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(mac)


def claims(extra):
    base = f'"iat":{NOW_S},"nbf":{NOW_S - 10},"exp":{NOW_S + 60}'
    return "{" + base + ("," + extra if extra else "") + "}"


minted = {
    # `sub` with an escaped NUL: the C view must hold all 16 bytes.
    "nul_sub": mint(claims(r'"sub":"user_\u0000admin","sid":"sess_1"')),
    # Escaped strings come back unescaped.
    "escaped": mint(claims(r'"sub":"user_\u00e9\ud83d\ude00","iss":"https:\/\/clerk.example.com","azp":"https:\/\/app.example.com","sid":"sess_1","sts":"active"')),
    # A v2 session with an organization, features and plans.
    "v2_org": mint(claims(r'"sub":"user_v2","sid":"sess_2","v":2,"sts":"active","fva":[3,7],"act":{"sub":"user_admin"},"o":{"id":"org_1","rol":"admin","slg":"acme","per":"read,manage","fpm":"3"},"fea":"o:dashboard,u:profile","pla":"o:pro,u:free"')),
    # A v1 session with org claims.
    "v1_org": mint(claims(r'"sub":"user_v1","sid":"sess_3","org_id":"org_9","org_role":"org:member","org_slug":"nine","org_permissions":["org:billing:read"],"fva":[0,-1]')),
    # A pending session.
    "pending": mint(claims(r'"sub":"user_p","sid":"sess_p","sts":"pending"')),
    # An expired one.
    "expired": mint('{"sub":"user_x","iat":%d,"exp":%d}' % (NOW_S - 3600, NOW_S - 600)),
}

with open(out_path, "w") as f:
    f.write("/* Generated by ffi-c/tests/c/gen_cases.py at test time: do not edit or commit. */\n")
    f.write("#include <stdint.h>\n#include <stddef.h>\n\n")
    f.write("enum key_kind { KEY_NONE, KEY_PEM, KEY_JWK };\n\n")
    f.write(
        "struct verify_case {\n"
        "  const char *id;\n"
        "  const char *token; size_t token_len;\n"
        "  enum key_kind key_kind;\n"
        "  const char *key; size_t key_len;\n"
        "  const char *algorithms;\n"
        "  const char *authorized_parties[8];\n"
        "  const char *audiences[8];\n"
        "  const char *issuers[8];\n"
        "  const char *header_types[8];\n"
        "  int has_skew; int64_t skew_ms;\n"
        "  int64_t now_ms;\n"
        "  const char *outcome; /* \"ok\" or a reason */\n"
        "  const char *code;    /* the ledger's fine code for a divergence, else NULL */\n"
        "  const char *payload; size_t payload_len;\n"
        "  const char *sub; size_t sub_len;\n"
        "};\n\n"
    )
    f.write("static const struct verify_case VERIFY_CASES[] = {\n")
    f.write(",\n".join(rows))
    f.write("\n};\n\n")
    f.write(f"#define VERIFY_CASE_COUNT {len(rows)}\n")
    f.write(f"#define LISTED_DIVERGENCES {len(listed)}\n\n")
    f.write(f"static const char CLERK_PEM[] = {c_bytes(load(f'{clerk}/keys/signing-public-spki.pem'))};\n")
    f.write(f"static const char CLERK_JWKS[] = {c_bytes(load(f'{clerk}/keys/mock-jwks.json'))};\n")
    f.write(f"static const char CLERK_TOKEN[] = {c_bytes(tokens['mockJwt']['token'])};\n")
    f.write(f"static const char CLERK_SUB[] = {c_bytes(json.loads(b64url_decode(tokens['mockJwt']['token'].split('.')[1]))['sub'])};\n")
    f.write(f"#define CLERK_NOW_MS INT64_C({NOW_S * 1000})\n\n")
    f.write(f"static const unsigned char HMAC_SECRET[] = {c_bytes(SECRET)};\n")
    for name, token in minted.items():
        f.write(f"static const char TOKEN_{name.upper()}[] = {c_bytes(token)};\n")
