// sessionjwt/edge: verify Clerk-style session JWTs on edge runtimes (Next.js middleware on
// the Edge runtime, Vercel Edge, Cloudflare Workers): the Rust core compiled to WebAssembly.
//
// No Node.js built-ins and no native addon. Signatures are checked with WebCrypto
// (`crypto.subtle.verify`, keys imported once per verifier from JWKs that the core derives
// from the keys it parsed); ring inside the wasm module is the fallback (`crypto: 'wasm'`, or
// when WebCrypto is missing or refuses a key), and the synchronous methods use it.
//
// This file only marshals: it validates option types (TypeError / RangeError, never coercion;
// the checks are marshal.mjs's, shared with the Node entry point), reads the clock, pulls the
// Authorization and Cookie headers out of a request, copies bytes in and out of wasm memory,
// and calls WebCrypto. Every decision (token checks, claims, request authentication, the Auth
// object, has(), reverification) is the core's.

import {
  TokenVerificationError,
  errorFor,
  optionsObject,
  typeError,
  verifierOptions,
  callOptions,
  nowMs,
  pendingOption,
  checkToken,
  requestParts,
  requestState,
  tokenGetter,
} from './marshal.mjs';

/** What `requestParts` accepts, for its TypeError. */
const REQUEST_KINDS = 'a Request or a Headers object';

// ---------------------------------------------------------------------------------------
// Loading the module.

let wasm = null; // the instance's exports
let broken = null; // the error that discarded the instance (a trap), if any
let initializing = null;
let OUT = 0; // 32 u32 output slots
let DESC = 0; // 32 u32 descriptor slots
let arena = { ptr: 0, cap: 0 }; // input bytes
const ALGORITHMS = [];
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function setup(instance) {
  const e = instance.exports;
  if (typeof e.sj_signature_input !== 'function' || !(e.memory instanceof WebAssembly.Memory)) {
    throw new TypeError('sessionjwt/edge: this WebAssembly module is not sessionjwt.wasm.');
  }
  wasm = e;
  OUT = e.sj_alloc(128);
  DESC = e.sj_alloc(128);
  for (let i = 0; e.sj_algorithm_name(i, OUT) === 0; i++) {
    const [p, l] = slots(2);
    ALGORITHMS.push(text(p, l));
  }
}

/** A compiled module, also one from another realm (a bundler's or a test host's). */
function isModule(s) {
  return s instanceof WebAssembly.Module || Object.prototype.toString.call(s) === '[object WebAssembly.Module]';
}

function instantiateSync(source) {
  const module = isModule(source) ? source : new WebAssembly.Module(source);
  setup(new WebAssembly.Instance(module, {}));
}

/**
 * Loads the module synchronously from a compiled `WebAssembly.Module` (what
 * `import wasm from 'sessionjwt/edge/sessionjwt.wasm?module'` gives on Vercel / Next.js
 * Edge and Cloudflare Workers) or from its bytes. A second call does nothing.
 */
export function initSync(source) {
  if (wasm) return;
  if (source === undefined || source === null) {
    throw new TypeError('sessionjwt/edge: initSync needs a WebAssembly.Module or the bytes of sessionjwt.wasm.');
  }
  instantiateSync(source);
}

/**
 * Loads the module: from a `WebAssembly.Module`, its bytes (`ArrayBuffer`, typed array), a
 * `Response` (or a promise of one), or a URL (fetched). Without an argument, fetches
 * `sessionjwt.wasm` next to this file. Runtimes that refuse to compile wasm from bytes
 * (Next.js / Vercel Edge, Workers) need the `?module` import and `initSync`. A second call
 * does nothing.
 */
export async function init(source) {
  if (wasm) return;
  if (!initializing) {
    initializing = (async () => {
      let s = await source;
      if (s === undefined) s = new URL('./sessionjwt.wasm', import.meta.url);
      if (typeof s === 'string' || s instanceof URL || Object.prototype.toString.call(s) === '[object URL]') {
        let response;
        try {
          response = await fetch(s);
        } catch (cause) {
          throw new Error(
            `sessionjwt/edge: cannot fetch ${s} (${cause && cause.message}). Pass the module: ` +
              "init(bytes), or initSync(module) with `import wasm from 'sessionjwt/edge/sessionjwt.wasm?module'`.",
            { cause },
          );
        }
        s = response;
      }
      // A Response, also one from another realm (duck-typed).
      if (s && typeof s === 'object' && typeof s.arrayBuffer === 'function' && typeof s.ok === 'boolean') {
        if (!s.ok) throw new Error(`sessionjwt/edge: fetching sessionjwt.wasm failed: HTTP ${s.status}`);
        s = await s.arrayBuffer();
      }
      if (wasm) return;
      if (isModule(s)) {
        setup(await WebAssembly.instantiate(s, {}));
      } else {
        setup((await WebAssembly.instantiate(s, {})).instance);
      }
    })();
    initializing.catch(() => {
      initializing = null;
    });
  }
  return initializing;
}

function exports() {
  if (wasm) return wasm;
  if (broken) throw broken;
  throw new Error(
    'sessionjwt/edge: the WebAssembly module is not loaded. Call `await init()` (or ' +
      "`initSync(module)` with `import wasm from 'sessionjwt/edge/sessionjwt.wasm?module'`) first.",
  );
}

/** Runs `f` against the module; a trap discards the instance for good (fail closed, loudly). */
function guarded(f) {
  const e = exports();
  try {
    return f(e);
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) {
      wasm = null;
      broken = new Error(`sessionjwt/edge: the verifier trapped (${err.message}); it is disabled.`, {
        cause: err,
      });
      console.error('[sessionjwt/edge] FATAL:', broken);
      throw broken;
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------
// Memory.

function slots(n, at = OUT) {
  return Array.from(new Uint32Array(wasm.memory.buffer, at, n));
}

function text(ptr, len) {
  return decoder.decode(new Uint8Array(wasm.memory.buffer, ptr, len));
}

function copy(ptr, len) {
  return new Uint8Array(wasm.memory.buffer, ptr, len).slice();
}

/** Makes the input arena at least `n` bytes. */
function reserve(n) {
  if (n <= arena.cap) return;
  if (arena.cap) wasm.sj_free(arena.ptr, arena.cap);
  const cap = Math.max(4096, 2 ** Math.ceil(Math.log2(n)));
  arena = { ptr: wasm.sj_alloc(cap), cap };
}

/**
 * Copies inputs (strings as UTF-8, or bytes) into the arena: `[ptr, len]` for each. `null`
 * and `undefined` give `[0, 0]`. Views of wasm memory are re-read after any allocation.
 */
function put(...inputs) {
  let bound = 0;
  for (const v of inputs) bound += v == null ? 0 : typeof v === 'string' ? v.length * 3 : v.length;
  reserve(bound);
  const mem = new Uint8Array(wasm.memory.buffer, arena.ptr, arena.cap);
  let at = 0;
  return inputs.map((v) => {
    if (v == null) return [0, 0];
    let len;
    if (typeof v === 'string') len = encoder.encodeInto(v, mem.subarray(at)).written;
    else {
      mem.set(v, at);
      len = v.length;
    }
    const span = [arena.ptr + at, len];
    at += len;
    return span;
  });
}

function writeDesc(values) {
  new Uint32Array(wasm.memory.buffer, DESC, values.length).set(values);
}

// ---------------------------------------------------------------------------------------
// Errors.

export { TokenVerificationError };

const TOKEN_TOO_LARGE = 101;
const INVALID_OPTION = 715;

// ---------------------------------------------------------------------------------------
// Validation: the option names are Clerk's; values are checked, never coerced.

function hmacSecret(options) {
  const v = options.hmacSecret;
  if (v === undefined || typeof v === 'string') return v;
  if (v instanceof Uint8Array) return v.slice();
  throw typeError('hmacSecret', 'a base64url string or a Uint8Array', v);
}

function cryptoOption(options) {
  const v = options.crypto;
  if (v === undefined) return 'webcrypto';
  if (v !== 'webcrypto' && v !== 'wasm') throw typeError('crypto', '"webcrypto" or "wasm"', v);
  return v;
}

/**
 * Clerk's option names -> verifier options, plus `crypto`. `cache` is checked as the Node
 * package checks it and then ignored: this build has no token cache (signatures are checked
 * by WebCrypto, and the module stays within its size budget).
 */
function edgeVerifierOptions(options) {
  const normalized = verifierOptions(options, { hmacSecret, defaultCacheSlots: 0 });
  normalized.crypto = cryptoOption(optionsObject(options, 'options'));
  return normalized;
}

// ---------------------------------------------------------------------------------------
// The native verifier (wasm side).

function buildNative(o) {
  return guarded((e) => {
    const b = e.sj_builder_new();
    let built = false;
    try {
      const add = (fn, value) => {
        const [[p, l]] = put(value);
        const status = fn(b, p, l);
        if (status !== 0) throw errorFor(status);
      };
      // sj_builder_add_key formats: 0 PEM, 1 one JWK, 2 a JWKS.
      const addKey = (format, text) => add((b_, p, l) => e.sj_builder_add_key(b_, format, p, l), text);
      if (o.jwtKey !== undefined) addKey(0, o.jwtKey);
      if (o.jwk !== undefined) addKey(1, o.jwk);
      if (o.jwks !== undefined) addKey(2, o.jwks);
      if (typeof o.hmacSecret === 'string') {
        const [[p, l]] = put(o.hmacSecret);
        const status = e.sj_builder_add_hmac_secret_base64url(b, p, l);
        if (status === INVALID_OPTION) {
          const err = new TypeError('The "hmacSecret" option must be canonical unpadded base64url.');
          err.code = 'ERR_INVALID_ARG_VALUE';
          throw err;
        }
        if (status !== 0) throw errorFor(status);
      } else if (o.hmacSecret !== undefined) add(e.sj_builder_add_hmac_secret, o.hmacSecret);
      if (o.algorithms !== undefined) {
        // The empty name is unknown: `algorithms: []` is refused by the core.
        for (const name of o.algorithms.length ? o.algorithms : ['']) add(e.sj_builder_algorithm, name);
      }
      for (const p of o.authorizedParties ?? []) add(e.sj_builder_authorized_party, p);
      for (const a of o.audience ?? []) add(e.sj_builder_audience, a);
      for (const i of o.issuer ?? []) add(e.sj_builder_issuer, i);
      // `headerType: []` accepts no token, as in Clerk: (0, 0) makes typ required, adds none.
      if (o.headerType?.length === 0) e.sj_builder_header_type(b, 0, 0);
      for (const t of o.headerType ?? []) add(e.sj_builder_header_type, t);
      if (o.clockSkewInMs !== undefined) {
        const status = e.sj_builder_clock_skew_ms(b, o.clockSkewInMs);
        if (status !== 0) throw errorFor(status);
      }
      if (o.maxTokenBytes !== undefined) e.sj_builder_max_token_bytes(b, o.maxTokenBytes);
      if (o.publishableKey !== undefined) add(e.sj_builder_publishable_key, o.publishableKey);
      built = true;
      const status = e.sj_builder_build(b, OUT);
      if (status !== 0) throw errorFor(status);
      return slots(1)[0];
    } finally {
      if (!built) e.sj_builder_free(b);
    }
  });
}

const registry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((handle) => {
        if (wasm) wasm.sj_verifier_free(handle);
      })
    : null;

// ---------------------------------------------------------------------------------------
// WebCrypto.

const WEBCRYPTO = (() => {
  const rsa = (name, hash, extra) => [{ name, hash }, { name, ...extra }];
  const table = {};
  for (const bits of [256, 384, 512]) {
    const hash = `SHA-${bits}`;
    table[`RS${bits}`] = rsa('RSASSA-PKCS1-v1_5', hash, {});
    table[`PS${bits}`] = rsa('RSA-PSS', hash, { saltLength: bits / 8 });
    table[`HS${bits}`] = [{ name: 'HMAC', hash }, { name: 'HMAC' }];
  }
  table.ES256 = [{ name: 'ECDSA', namedCurve: 'P-256' }, { name: 'ECDSA', hash: 'SHA-256' }];
  table.ES384 = [{ name: 'ECDSA', namedCurve: 'P-384' }, { name: 'ECDSA', hash: 'SHA-384' }];
  table.EdDSA = [{ name: 'Ed25519' }, { name: 'Ed25519' }];
  return table;
})();

function subtle() {
  const c = globalThis.crypto;
  return c && c.subtle && typeof c.subtle.verify === 'function' ? c.subtle : null;
}

// ---------------------------------------------------------------------------------------
// The Auth object.

/**
 * Clerk's auth object for a session: `userId`, `sessionId`, `sessionStatus`, `actor`,
 * `factorVerificationAge`, `orgId`, `orgRole`, `orgSlug`, `orgPermissions`, `sessionClaims`,
 * `isAuthenticated` and `has(params)`. Built by the core; `has()` runs in the core.
 */
export class Auth {
  #payload;
  #pending;

  /** @internal Built by verifiers from a verified payload (or `null`: signed out). */
  constructor(payload, treatPendingAsSignedOut, token) {
    this.#payload = payload;
    this.#pending = treatPendingAsSignedOut;
    const props = this.toJSON();
    Object.assign(this, props);
    // Signed in: a verified token's object (its userId is the sub string, "" included, as
    // in Clerk); the signed-out object has userId null.
    const signedIn = payload !== null && props.userId !== null;
    // The whole verified payload, as Clerk's sessionClaims; null when signed out.
    this.sessionClaims = signedIn ? JSON.parse(payload) : null;
    this.isAuthenticated = signedIn;
    this.tokenType = 'session_token';
    // Clerk's getToken(): the session token (null when signed out or without a session id,
    // as Clerk's createGetToken); not enumerable.
    Object.defineProperty(this, 'getToken', { value: tokenGetter(signedIn && props.sessionId ? token : null) });
    // has() works detached, as Clerk's does (`const { has } = auth()`); not enumerable.
    Object.defineProperty(this, 'has', { value: this.has.bind(this) });
  }

  /**
   * Clerk's `has({role, permission, feature, plan, reverification})`: true only when every
   * asked dimension passes; false when signed out or nothing is asked.
   */
  has(params) {
    return hasOf(this.#payload, this.#payload === null ? 0 : 1, this.#pending, params);
  }

  /** The auth-object JSON (without `sessionClaims`), as the core writes it. */
  toJSON() {
    return guarded((e) => {
      const [[p, l]] = put(this.#payload);
      const status = e.sj_auth_json(p, l, this.#payload === null ? 0 : 1, this.#pending ? 1 : 0, OUT);
      if (status !== 0) throw errorFor(status);
      const [tp, tl] = slots(2);
      return JSON.parse(text(tp, tl));
    });
  }
}

/**
 * `has(params)` in the core on the auth object from `json` (`kind` 0: signed out, 1: a
 * verified payload, 2: unverified auth properties). Params are marshalled by shape only: a
 * string is a string, any other present value is "invalid" (that dimension fails);
 * `reverification`: a string is a preset name, an object gives its `level` / `afterMinutes`
 * when they are a string / a number, anything else is invalid.
 */
function hasOf(json, kind, pending, params) {
  return guarded((e) => {
    const p = params !== null && typeof params === 'object' ? params : {};
    const str = (v) => (v === undefined ? [0, null] : typeof v === 'string' ? [1, v] : [2, null]);
    const groups = [str(p.role), str(p.permission), str(p.feature), str(p.plan)];
    const r = p.reverification;
    let rev = [0, null, 0, 0];
    let minutes = 0;
    if (typeof r === 'string') rev = [1, r, 0, 0];
    else if (r !== undefined && r !== null && typeof r === 'object') {
      const level = typeof r.level === 'string' ? r.level : null;
      const hasMinutes = typeof r.afterMinutes === 'number';
      if (hasMinutes) minutes = r.afterMinutes;
      rev = [2, level, level === null ? 0 : 1, hasMinutes ? 1 : 0];
    } else if (r !== undefined) rev = [3, null, 0, 0];
    const spans = put(json, ...groups.map((g) => g[1]), rev[1]);
    const desc = [];
    groups.forEach((g, i) => desc.push(g[0], ...spans[i + 1]));
    desc.push(rev[0], ...spans[5], rev[2], rev[3], 0);
    writeDesc(desc);
    const [jp, jl] = spans[0];
    const result = e.sj_has(jp, jl, kind, pending ? 1 : 0, DESC, minutes);
    if (result > 1) throw errorFor(result);
    return result === 1;
  });
}

/**
 * UNVERIFIED: `has(params)` on an auth object given property by property (the options of
 * Clerk's `createCheckAuthorization`). For conformance tests and tooling; never for requests.
 */
function dangerousHasFromProperties(properties, params) {
  return hasOf(JSON.stringify(properties), 2, true, params);
}

// ---------------------------------------------------------------------------------------
// Verifiers.

/** A verifier whose keys were parsed once (see `createVerifier`). */
export class Verifier {
  #options;
  #handle = 0;
  #keys = new Map(); // `${keyIndex}:${alg}` -> Promise<CryptoKey | null>

  /** @internal Use `createVerifier(options)`. */
  constructor(options) {
    this.#options = edgeVerifierOptions(options);
    // Keys are parsed now when the module is loaded (a bad key throws here); otherwise on
    // first use, after `init()`.
    if (wasm) this.#native();
  }

  #native() {
    exports();
    if (!this.#handle) {
      this.#handle = buildNative(this.#options);
      registry?.register(this, this.#handle, this);
    }
    return this.#handle;
  }

  /** Frees the wasm side now (otherwise the garbage collector does). */
  free() {
    if (this.#handle && wasm) {
      registry?.unregister(this);
      wasm.sj_verifier_free(this.#handle);
    }
    this.#handle = 0;
    this.#keys.clear();
  }

  /** The token size limit in bytes. */
  get maxTokenBytes() {
    return guarded((e) => e.sj_verifier_max_token_bytes(this.#native()));
  }

  /** The token's UTF-8 bytes; a string with more UTF-16 units than the limit has at least as
   * many bytes, so it is refused without copying (the core would refuse it the same way). */
  #tokenBytes(token) {
    checkToken(token);
    if (token.length > this.maxTokenBytes) throw errorFor(TOKEN_TOO_LARGE);
    return encoder.encode(token);
  }

  /** The CryptoKey for key `index` and `alg`, imported once; null: use wasm crypto. */
  #cryptoKey(index, alg) {
    const id = `${index}:${alg}`;
    let key = this.#keys.get(id);
    if (!key) {
      const s = this.#options.crypto === 'webcrypto' ? subtle() : null;
      const params = WEBCRYPTO[alg];
      if (!s || !params) {
        key = Promise.resolve(null);
      } else {
        const jwk = guarded((e) => {
          const status = e.sj_verifier_key_jwk(this.#native(), index, OUT);
          if (status !== 0) throw errorFor(status);
          const [p, l] = slots(2);
          return JSON.parse(text(p, l));
        });
        // A key WebCrypto refuses (an unsupported curve, a point off the curve) is left to
        // ring in wasm, which decides exactly as the core would without a host.
        key = s.importKey('jwk', jwk, params[0], false, ['verify']).catch(() => null);
      }
      this.#keys.set(id, key);
    }
    return key;
  }

  /**
   * The host's verdict on a token whose phase 1 is in `check`, or null when the signature
   * must be checked in wasm.
   */
  async #webcryptoVerdict(check) {
    const key = await this.#cryptoKey(check.keyIndex, check.alg);
    if (!key) return null;
    try {
      return await subtle().verify(WEBCRYPTO[check.alg][1], key, check.signature, check.signingInput);
    } catch {
      return null;
    }
  }

  /** Phase 1 on `bytes` (in the arena at `[p, l]`): what WebCrypto must check, or an error. */
  #phase1(e, p, l) {
    const status = e.sj_signature_input(this.#native(), p, l, OUT);
    if (status !== 0) return { status };
    const [alg, keyIndex, signingLen, sp, sl] = slots(5);
    return {
      status: 0,
      alg: ALGORITHMS[alg],
      keyIndex,
      signingInput: copy(p, signingLen),
      signature: copy(sp, sl),
    };
  }

  #payloadOr(status, tokenCarrier) {
    if (status !== 0) throw errorFor(status, tokenCarrier);
    const [p, l] = slots(2);
    return text(p, l);
  }

  /** Verifies with ring inside wasm: the payload JSON text. */
  #verifyWasm(bytes, now) {
    return guarded((e) => {
      const [[p, l]] = put(bytes);
      return this.#payloadOr(e.sj_verify(this.#native(), p, l, now, OUT));
    });
  }

  /** Verifies with WebCrypto (falling back to wasm): the payload JSON text. */
  async #verifyText(token, now) {
    const bytes = this.#tokenBytes(token);
    if (this.#options.crypto === 'wasm' || !subtle()) return this.#verifyWasm(bytes, now);
    const check = guarded((e) => {
      const [[p, l]] = put(bytes);
      return this.#phase1(e, p, l);
    });
    if (check.status !== 0) throw errorFor(check.status);
    const verdict = await this.#webcryptoVerdict(check);
    if (verdict === null) return this.#verifyWasm(bytes, now);
    // The arena may have been reused while WebCrypto ran: copy the token again.
    return guarded((e) => {
      const [[p, l]] = put(bytes);
      return this.#payloadOr(e.sj_verify_with_verdict(this.#native(), p, l, now, verdict ? 1 : 0, OUT));
    });
  }

  /** Verifies with WebCrypto; resolves to the payload or rejects with `TokenVerificationError`. */
  async verify(token, options) {
    options = optionsObject(options, 'options');
    return JSON.parse(await this.#verifyText(token, nowMs(options)));
  }

  /** Verifies synchronously with ring inside wasm; returns the payload or throws. */
  verifySync(token, options) {
    options = optionsObject(options, 'options');
    const now = nowMs(options);
    return JSON.parse(this.#verifyWasm(this.#tokenBytes(token), now));
  }

  /**
   * Verifies `token` and resolves to its Auth object (a pending session is signed out unless
   * `treatPendingAsSignedOut: false`). Rejects with `TokenVerificationError`.
   */
  async authenticate(token, options) {
    options = optionsObject(options, 'options');
    const treatPending = pendingOption(options, true);
    return new Auth(await this.#verifyText(token, nowMs(options)), treatPending, token);
  }

  /** `authenticate`, synchronously, with ring inside wasm. */
  authenticateSync(token, options) {
    options = optionsObject(options, 'options');
    const treatPending = pendingOption(options, true);
    const now = nowMs(options);
    return new Auth(this.#verifyWasm(this.#tokenBytes(token), now), treatPending, token);
  }

  /** Writes the request descriptor; returns the spans. */
  #request(parts) {
    const [a, c, m] = put(parts.authorization, parts.cookie, parts.method ?? 'GET');
    writeDesc([
      parts.authorization === undefined ? 0 : 1,
      ...a,
      parts.cookie === undefined ? 0 : 1,
      ...c,
      ...m,
    ]);
  }

  /** check: 0 = wasm crypto, 1 = host says invalid, 2 = host says valid. */
  #finishRequest(parts, now, check, defaultPending) {
    const out = guarded((e) => {
      this.#request(parts);
      const status = e.sj_authenticate_request(this.#native(), DESC, now, check, OUT);
      if (status !== 0) throw errorFor(status);
      const [signedIn, rp, rl, error, carrier, hasToken, tp, tl, hasPayload, pp, pl] = slots(11);
      return {
        status: signedIn ? 'signed-in' : 'signed-out',
        reason: text(rp, rl),
        error: error || null,
        carrier: [null, 'header', 'cookie'][carrier],
        token: hasToken ? text(tp, tl) : null,
        payload: hasPayload ? text(pp, pl) : null,
      };
    });
    return requestState(out, errorFor, defaultPending, (pending) => new Auth(out.payload, pending, out.token));
  }

  /**
   * Authenticates a WHATWG `Request` or a `Headers` object (Clerk's rules: the
   * `Authorization: Bearer` token wins over the `__session` cookie), checking the signature
   * with WebCrypto. Resolves to the request state; see `authenticateRequest`.
   */
  async authenticateRequest(request, options) {
    options = optionsObject(options, 'options');
    const now = nowMs(options);
    const defaultPending = pendingOption(options, true);
    const parts = requestParts(request, REQUEST_KINDS);
    let check = 0;
    if (this.#options.crypto === 'webcrypto' && subtle()) {
      const input = guarded((e) => {
        this.#request(parts);
        const found = e.sj_request_token(this.#native(), DESC, now, OUT);
        if (found > 1) throw errorFor(found);
        if (found === 0) return null;
        const [tp, tl] = slots(2);
        return this.#phase1(e, tp, tl);
      });
      if (input === null) check = 1; // decided without a token: the verdict is not used
      else if (input.status !== 0) check = 1; // phase 1 fails again, with its own error
      else {
        const verdict = await this.#webcryptoVerdict(input);
        check = verdict === null ? 0 : verdict ? 2 : 1;
      }
    }
    return this.#finishRequest(parts, now, check, defaultPending);
  }

  /** `authenticateRequest`, synchronously, with ring inside wasm. */
  authenticateRequestSync(request, options) {
    options = optionsObject(options, 'options');
    const now = nowMs(options);
    const defaultPending = pendingOption(options, true);
    return this.#finishRequest(requestParts(request, REQUEST_KINDS), now, 0, defaultPending);
  }
}

/**
 * Creates a verifier: keys are parsed once (now if the module is loaded, else on first use).
 * Options are `@clerk/backend`'s (`jwtKey`, `authorizedParties`, `audience`, `issuer`,
 * `clockSkewInMs`, `headerType`) plus `jwk`, `jwks`, `hmacSecret`, `algorithms`, `maxTokenBytes`,
 * `publishableKey` and `crypto` (`'webcrypto'`, the default, or `'wasm'`). `cache` is
 * validated as in the Node package and ignored (no token cache here).
 */
export function createVerifier(options) {
  return new Verifier(options);
}

/**
 * Drop-in for `@clerk/backend`'s `verifyToken(token, options)`: resolves to the payload,
 * rejects with `TokenVerificationError` (`reason`, `code`, `message`). Loads the module with
 * `init()` if needed.
 */
export async function verifyToken(token, options) {
  edgeVerifierOptions(options); // type errors before loading anything
  const call = callOptions(options);
  pendingOption(call, true);
  await init();
  const verifier = new Verifier(options);
  try {
    return await verifier.verify(token, call);
  } finally {
    verifier.free();
  }
}

/**
 * `@clerk/backend`'s `authenticateRequest(request, options)`, networkless: resolves to
 * `{status: 'signed-in' | 'signed-out', reason, message, token, toAuth()}`. Where Clerk
 * would start a handshake (network), the result is signed-out with Clerk's reason.
 */
export async function authenticateRequest(request, options) {
  edgeVerifierOptions(options);
  const call = callOptions(options);
  await init();
  const verifier = new Verifier(options);
  try {
    return await verifier.authenticateRequest(request, call);
  } finally {
    verifier.free();
  }
}

/** Internal, for `sessionjwt/edge` helpers and tests. */
export const _internal = { dangerousHasFromProperties };
