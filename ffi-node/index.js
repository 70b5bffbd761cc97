'use strict';
// sessionjwt for Node.js: verify Clerk-style session JWTs with the native core.
//
// This file only marshals: it validates option types (TypeError / RangeError, never
// coercion), reads the clock, pulls the Authorization and Cookie headers out of a request,
// and turns the addon's results into objects. Every decision is made by the Rust core.

const EDGE_MESSAGE =
  'sessionjwt uses a native Node.js addon and cannot run on the Edge runtime. ' +
  "Use Next.js 16's proxy.ts (Node.js runtime), or middleware.ts with " +
  "`export const config = { runtime: 'nodejs' }`; on the Edge runtime, use " +
  "the WebAssembly build: import from 'sessionjwt/edge'.";

/** Loads the addon; a failure is loud and names the fix. */
function loadNative() {
  if (typeof EdgeRuntime === 'string') throw new Error(EDGE_MESSAGE);
  try {
    // A literal path so that file tracers (Next.js output tracing) ship the addon.
    return require('./sessionjwt.node');
  } catch (cause) {
    throw new Error(
      `sessionjwt: cannot load the native addon ${__dirname}/sessionjwt.node ` +
        `(${cause && cause.message}). It is built from source with cargo when the package ` +
        'is installed; run `npm run build` in the sessionjwt package directory to rebuild it.',
      { cause },
    );
  }
}

const native = loadNative();

/** The cache's default number of slots: the core's `DEFAULT_CACHE_CAPACITY`. */
const DEFAULT_CACHE_SLOTS = native.defaultCacheCapacity();

/** number -> {reason, code, message}, from the core's vocabulary. */
const ERRORS = new Map(native.errorTable().map((e) => [e.number, e]));

/**
 * The error every verification failure rejects with. `reason` is Clerk's
 * `TokenVerificationErrorReason`, `code` the core's fine code.
 */
class TokenVerificationError extends Error {
  constructor({ reason, code, message, number, tokenCarrier }) {
    super(message);
    this.name = 'TokenVerificationError';
    this.reason = reason;
    this.code = code;
    this.number = number;
    this.tokenCarrier = tokenCarrier;
  }

  /** Clerk's full message: `<message> (reason=<reason>, token-carrier=<carrier>)`. */
  getFullMessage() {
    return `${this.message} (reason=${this.reason}, token-carrier=${this.tokenCarrier})`;
  }
}

function errorFor(number, tokenCarrier) {
  const e = ERRORS.get(number);
  if (!e) throw new Error(`sessionjwt: unknown core error number ${number}`);
  return new TokenVerificationError({ ...e, tokenCarrier });
}

// ---------------------------------------------------------------------------------------
// Validation: the option names are Clerk's; values are checked, never coerced.

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (length ${value.length})`;
  return `${typeof value} ${String(value)}`;
}

function typeError(name, expected, value) {
  const err = new TypeError(`The "${name}" option must be ${expected}. Received ${describe(value)}.`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

function rangeError(name, expected, value) {
  const err = new RangeError(`The "${name}" option must be ${expected}. Received ${describe(value)}.`);
  err.code = 'ERR_OUT_OF_RANGE';
  return err;
}

function optionalString(options, name) {
  const v = options[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw typeError(name, 'a string', v);
  return v;
}

function stringArray(options, name, { allowString }) {
  const v = options[name];
  if (v === undefined) return undefined;
  if (allowString && typeof v === 'string') return [v];
  const expected = allowString ? 'a string or an array of strings' : 'an array of strings';
  if (!Array.isArray(v)) throw typeError(name, expected, v);
  for (const item of v) {
    if (typeof item !== 'string') throw typeError(name, expected, v);
  }
  return [...v];
}

function integer(options, name, { min, max, label = name }) {
  const v = options[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number') throw typeError(label, 'a number', v);
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw rangeError(label, `an integer >= ${min} and <= ${max}`, v);
  }
  return v;
}

function optionsObject(options, what) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    const err = new TypeError(`The ${what} argument must be an object. Received ${describe(options)}.`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  return options;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function hmacSecret(options) {
  const v = options.hmacSecret;
  if (v === undefined) return undefined;
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (typeof v === 'string') {
    const bytes = Buffer.from(v, 'base64url');
    // Node's decoder skips junk: insist on the canonical unpadded form.
    if (!BASE64URL.test(v) || bytes.toString('base64url') !== v) {
      const err = new TypeError('The "hmacSecret" option must be canonical unpadded base64url.');
      err.code = 'ERR_INVALID_ARG_VALUE';
      throw err;
    }
    return bytes;
  }
  throw typeError('hmacSecret', 'a base64url string or a Uint8Array', v);
}

function jwks(options) {
  const v = options.jwks;
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return JSON.stringify(v);
  throw typeError('jwks', 'a JWKS object or its JSON text', v);
}

/** `jwk`: one JWK (the core's `add_jwk`, whose rules differ from a one-key `jwks`). */
function jwk(options) {
  const v = options.jwk;
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  // A plain object (any realm); arrays, Buffers and other exotic objects are refused.
  if (Object.prototype.toString.call(v) === '[object Object]') return JSON.stringify(v);
  throw typeError('jwk', 'a JWK object or its JSON text', v);
}

/** The largest `cache.max`: 16384 slots (a slot holds about 4.3 KB, so about 70 MB). */
const MAX_CACHE_SLOTS = 16384;
const CACHE_EXPECTED = 'false or an object { max: integer }';

/**
 * `cache`: the repeat-token cache of a verifier, `false` (off) or `{ max }` slots (0: off).
 * Absent: on, with the core's default capacity. Anything else (`true`, a number, unknown
 * members) is a TypeError, never coerced. Returns the number of slots.
 */
function cacheCapacity(options, fallback) {
  const v = options.cache;
  if (v === undefined) return fallback;
  if (v === false) return 0;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw typeError('cache', CACHE_EXPECTED, v);
  for (const member of Object.keys(v)) {
    if (member !== 'max') throw typeError('cache', `${CACHE_EXPECTED} (unknown member "${member}")`, v);
  }
  if (v.max === undefined) throw typeError('cache.max', 'a number', v.max);
  return integer(v, 'max', { min: 0, max: MAX_CACHE_SLOTS, label: 'cache.max' });
}

/** Clerk's option names -> the addon's verifier options. */
/**
 * `clockSkewInMs`: as in Clerk, a number that is not finite (NaN, +/-Infinity) means the
 * default (5000 ms); any other value must be a safe integer (negative values are honoured).
 * Non-numbers are a TypeError, never coerced.
 */
function clockSkewInMs(options) {
  const v = options.clockSkewInMs;
  if (typeof v === 'number' && !Number.isFinite(v)) return undefined;
  return integer(options, 'clockSkewInMs', { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
}

function verifierOptions(options) {
  options = optionsObject(options, 'options');
  return {
    jwtKey: optionalString(options, 'jwtKey'),
    jwk: jwk(options),
    jwks: jwks(options),
    hmacSecret: hmacSecret(options),
    algorithms: stringArray(options, 'algorithms', { allowString: false }),
    authorizedParties: stringArray(options, 'authorizedParties', { allowString: false }),
    audience: stringArray(options, 'audience', { allowString: true }),
    issuer: stringArray(options, 'issuer', { allowString: true }),
    headerType: stringArray(options, 'headerType', { allowString: true }),
    clockSkewInMs: clockSkewInMs(options),
    maxTokenBytes: integer(options, 'maxTokenBytes', { min: 1, max: 0xffffffff }),
    publishableKey: optionalString(options, 'publishableKey'),
    cacheCapacity: cacheCapacity(options, DEFAULT_CACHE_SLOTS),
  };
}

/** `now`: ms since the epoch (an integer) or a Date; the system clock by default. */
function nowMs(options) {
  const v = options.now;
  if (v === undefined) return Date.now();
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isNaN(t)) throw rangeError('now', 'a valid Date', v);
    return t;
  }
  if (typeof v !== 'number') throw typeError('now', 'a number of milliseconds or a Date', v);
  if (!Number.isSafeInteger(v)) throw rangeError('now', 'an integer number of milliseconds', v);
  return v;
}

function pendingOption(options, fallback) {
  const v = options.treatPendingAsSignedOut;
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw typeError('treatPendingAsSignedOut', 'a boolean', v);
  return v;
}

function checkToken(token) {
  if (typeof token !== 'string') {
    const err = new TypeError(`The token must be a string. Received ${describe(token)}.`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
}

// ---------------------------------------------------------------------------------------
// The Auth object.

/**
 * Clerk's auth object for a session: `userId`, `sessionId`, `sessionStatus`, `actor`,
 * `factorVerificationAge`, `orgId`, `orgRole`, `orgSlug`, `orgPermissions`, `sessionClaims`,
 * `isAuthenticated` and `has(params)`. Built by the core; `has()` runs in the core.
 */
class Auth {
  constructor(verified, treatPendingAsSignedOut) {
    const props = JSON.parse(native.authJson(verified, treatPendingAsSignedOut));
    Object.assign(this, props);
    // The whole verified payload, as Clerk's sessionClaims; null when signed out.
    this.sessionClaims = verified && props.userId !== null ? JSON.parse(verified.payload()) : null;
    this.isAuthenticated = Boolean(this.userId);
    Object.defineProperty(this, '_native', { value: { verified, treatPendingAsSignedOut } });
  }

  /**
   * Clerk's `has({role, permission, feature, plan, reverification})`: true only when every
   * asked dimension passes; false when signed out or nothing is asked.
   */
  has(params) {
    const { verified, treatPendingAsSignedOut } = this._native;
    return native.has(verified, treatPendingAsSignedOut, hasParams(params));
  }

  /** The auth-object JSON (without `sessionClaims`), as the core writes it. */
  toJSON() {
    const { verified, treatPendingAsSignedOut } = this._native;
    return JSON.parse(native.authJson(verified, treatPendingAsSignedOut));
  }
}

/**
 * Marshals has() params by shape only; the core decides. A string is a string; any other
 * present value is "invalid" (that dimension fails). `reverification`: a string is a preset
 * name, an object gives its `level` / `afterMinutes` when they are a string / a number,
 * anything else is invalid.
 */
function hasParams(params) {
  if (params === null || typeof params !== 'object') return {};
  const str = (v) => (v === undefined ? undefined : typeof v === 'string' ? { value: v } : { invalid: true });
  const out = {
    role: str(params.role),
    permission: str(params.permission),
    feature: str(params.feature),
    plan: str(params.plan),
  };
  const r = params.reverification;
  if (r !== undefined) {
    if (typeof r === 'string') out.reverification = { preset: r };
    else if (r !== null && typeof r === 'object') {
      out.reverification = {
        custom: true,
        level: typeof r.level === 'string' ? r.level : undefined,
        afterMinutes: typeof r.afterMinutes === 'number' ? r.afterMinutes : undefined,
      };
    } else out.reverification = {};
  }
  return out;
}

/**
 * UNVERIFIED: `has(params)` on an auth object given property by property (the options of
 * Clerk's `createCheckAuthorization`). For conformance tests and tooling; never for requests.
 */
function dangerousHasFromProperties(properties, params) {
  const r = native.dangerousHasFromProperties(JSON.stringify(properties), hasParams(params));
  if (typeof r === 'number') throw errorFor(r);
  return r;
}

// ---------------------------------------------------------------------------------------
// Verifiers.

/** A verifier whose keys were parsed once (see `createVerifier`). */
class Verifier {
  constructor(options) {
    attachNative(this, verifierOptions(options));
  }

  /**
   * Verifies synchronously; returns the payload or throws `TokenVerificationError`. With
   * the cache on, the payload is deep-frozen and shared by the calls for the same token.
   */
  verifySync(token, options) {
    options = optionsObject(options, 'options');
    checkToken(token);
    const now = nowMs(options);
    const known = this._known(token, now);
    if (known !== undefined) return known;
    return this._settle(token, this._native.verifySync(token, now));
  }

  /** Verifies on the thread pool; resolves to the payload or rejects with `TokenVerificationError`. */
  async verify(token, options) {
    options = optionsObject(options, 'options');
    checkToken(token);
    const now = nowMs(options);
    const known = this._known(token, now);
    if (known !== undefined) return known;
    return this._settle(token, await this._native.verify(token, now));
  }

  /**
   * The payload of a token verified before, if the core's cache still holds it: its entry
   * answers for it at `now` (`exp`, `nbf` and `iat` re-checked there; a failure throws the
   * error a fresh verification gives). `undefined` when the token is new or its entry is
   * gone. The lookup is the Map's: an exact comparison of the whole token string.
   */
  _known(token, now) {
    if (this._cacheSlots === 0) return undefined;
    const payloads = this._payloads;
    const entry = payloads.get(token);
    if (entry === undefined) return undefined;
    const r = this._native.recheck(entry.slot, entry.serial, now);
    if (r === 0) return entry.payload;
    payloads.delete(token);
    if (r > 0) throw errorFor(r);
    return undefined; // stale ticket: verify again
  }

  /**
   * A native verification's outcome: the payload JSON text (not cached), the payload and its
   * cache ticket (then kept under `token`), or an error number (thrown).
   */
  _settle(token, r) {
    if (typeof r === 'number') throw errorFor(r);
    if (typeof r === 'string') {
      const payload = JSON.parse(r);
      return this._cacheSlots === 0 ? payload : deepFreeze(payload);
    }
    const payload = deepFreeze(JSON.parse(r.payload));
    const payloads = this._payloads;
    if (payloads.size >= this._cacheSlots) payloads.delete(payloads.keys().next().value);
    payloads.set(token, { payload, slot: r.slot, serial: r.serial });
    return payload;
  }

  /**
   * Verifies `token` and returns its Auth object (a pending session is signed out unless
   * `treatPendingAsSignedOut: false`). Throws `TokenVerificationError` for an invalid token.
   */
  authenticate(token, options) {
    options = optionsObject(options, 'options');
    checkToken(token);
    const treatPending = pendingOption(options, true);
    const r = this._native.verifyOwned(token, nowMs(options));
    if (typeof r === 'number') throw errorFor(r);
    return new Auth(r, treatPending);
  }

  /**
   * Authenticates a WHATWG `Request`, a Node `IncomingMessage`, or a `Headers` object:
   * the `Authorization: Bearer` token wins over the `__session` cookie (Clerk's rules).
   * Synchronous. See `authenticateRequest` for the result.
   */
  authenticateRequest(request, options) {
    options = optionsObject(options, 'options');
    const now = nowMs(options);
    const defaultPending = pendingOption(options, true);
    const out = this._native.authenticateRequest(requestParts(request), now);
    return requestState(out, defaultPending);
  }

  /** The token size limit in bytes. */
  get maxTokenBytes() {
    return this._native.maxTokenBytes;
  }

  /**
   * The repeat-token cache's counters: `{hits, misses, inserts, capacity}` (all 0 when the
   * cache is off). A hit still re-checks `exp`, `nbf` and `iat` at the call's `now`.
   */
  cacheStats() {
    const { hits, misses, inserts, capacity } = this._native.cacheStats();
    return { hits, misses, inserts, capacity };
  }
}

/** Builds the native verifier for validated, normalised options onto `target`. */
function attachNative(target, normalized) {
  const created = native.createVerifier(normalized);
  if (typeof created === 'number') throw errorFor(created);
  Object.defineProperty(target, '_native', { value: created });
  // Parsed payloads of cached tokens (token -> {payload, slot, serial}), oldest first; at
  // most as many as the cache has slots. Only the core's entry decides whether one is used.
  Object.defineProperty(target, '_payloads', { value: new Map() });
  Object.defineProperty(target, '_cacheSlots', { value: normalized.cacheCapacity });
  return target;
}

/** Freezes a parsed JSON value and everything in it (shared payloads stay unchanged). */
function deepFreeze(value) {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// Verifiers shared by the one-shot functions (verifyToken, authenticateRequest): building a
// verifier per call would parse the key every time, and its cache could never hit. A small
// LRU memo keyed by an exact serialisation of every verifier option, normalised as the addon
// receives it: two calls share a verifier only when the addon would build identical ones.

const MEMO_ENTRIES = 16;
const memo = new Map(); // key -> Verifier, least recently used first

function memoKey(n) {
  return JSON.stringify([
    n.jwtKey,
    n.jwk,
    n.jwks,
    n.hmacSecret === undefined ? undefined : n.hmacSecret.toString('base64url'),
    n.algorithms,
    n.authorizedParties,
    n.audience,
    n.issuer,
    n.headerType,
    n.clockSkewInMs,
    n.maxTokenBytes,
    n.publishableKey,
    n.cacheCapacity,
  ]);
}

/** The shared verifier for `options` (validated first; a refused key is never memoised). */
function sharedVerifier(options) {
  const normalized = verifierOptions(options);
  const key = memoKey(normalized);
  let verifier = memo.get(key);
  if (verifier) {
    memo.delete(key);
  } else {
    verifier = attachNative(Object.create(Verifier.prototype), normalized);
    if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value);
  }
  memo.set(key, verifier);
  return verifier;
}

function requestState(out, defaultPending) {
  const signedIn = out.status === 'signed-in';
  const error = out.error == null ? undefined : errorFor(out.error, out.carrier);
  const verified = out.verified == null ? null : out.verified;
  return {
    status: out.status,
    isSignedIn: signedIn,
    isAuthenticated: signedIn,
    reason: signedIn ? null : out.reason,
    message: signedIn ? null : error ? error.getFullMessage() : '',
    error,
    tokenType: 'session_token',
    token: out.token == null ? null : out.token,
    tokenCarrier: out.carrier == null ? null : out.carrier,
    toAuth(opts) {
      opts = optionsObject(opts, 'toAuth options');
      return new Auth(verified, pendingOption(opts, defaultPending));
    },
  };
}

/** The Authorization and Cookie headers and the method of a request-like object. */
function requestParts(request) {
  if (request === null || typeof request !== 'object') {
    throw new TypeError(
      `The request must be a Request, an IncomingMessage or a Headers object. Received ${describe(request)}.`,
    );
  }
  const h = typeof request.get === 'function' ? request : request.headers;
  const method = typeof request.method === 'string' ? request.method : undefined;
  if (h && typeof h.get === 'function') {
    return {
      authorization: h.get('authorization') ?? undefined,
      cookie: h.get('cookie') ?? undefined,
      method,
    };
  }
  if (h && typeof h === 'object') {
    const one = (v) => (Array.isArray(v) ? v.join('; ') : typeof v === 'string' ? v : undefined);
    const authorization = Array.isArray(h.authorization) ? h.authorization[0] : h.authorization;
    return {
      authorization: typeof authorization === 'string' ? authorization : undefined,
      cookie: one(h.cookie),
      method,
    };
  }
  throw new TypeError('The request has no headers.');
}

/**
 * Creates a verifier: keys are parsed once. Options are `@clerk/backend`'s (`jwtKey`,
 * `authorizedParties`, `audience`, `issuer`, `clockSkewInMs`, `headerType`) plus `jwk`,
 * `jwks`, `hmacSecret`, `algorithms`, `maxTokenBytes`, `publishableKey` and `cache`
 * (`false` or `{ max }`; default on, 256 slots).
 */
function createVerifier(options) {
  return new Verifier(options);
}

/** Splits per-call options (`now`, `treatPendingAsSignedOut`) from verifier options. */
function callOptions(options) {
  options = optionsObject(options, 'options');
  return { now: options.now, treatPendingAsSignedOut: options.treatPendingAsSignedOut };
}

/**
 * Drop-in for `@clerk/backend`'s `verifyToken(token, options)`: resolves to the payload,
 * rejects with `TokenVerificationError` (`reason`, `code`, `message`). Also accepts `now`
 * (ms or Date), `jwk`, `jwks`, `hmacSecret`, `algorithms`, `maxTokenBytes`, `cache` and
 * `treatPendingAsSignedOut` (verification accepts pending sessions; the flag only matters
 * for auth objects). Calls with identical verifier options share one verifier (keys parsed
 * once, one token cache; the 16 most recently used option sets are kept). Verifies on the
 * calling thread, like `verifySync`: an RS256 verification takes about 16 us, and a hop to
 * the thread pool and back (what `Verifier.verify` does) costs more than that.
 */
async function verifyToken(token, options) {
  const verifier = sharedVerifier(options);
  const call = callOptions(options);
  pendingOption(call, true);
  return verifier.verifySync(token, call);
}

/**
 * `@clerk/backend`'s `authenticateRequest(request, options)`, networkless: resolves to
 * `{status: 'signed-in' | 'signed-out', reason, message, token, toAuth()}`. Where Clerk
 * would start a handshake (network), the result is signed-out with Clerk's reason. Shares
 * verifiers between calls as `verifyToken` does.
 */
async function authenticateRequest(request, options) {
  const verifier = sharedVerifier(options);
  return verifier.authenticateRequest(request, callOptions(options));
}

module.exports = {
  verifyToken,
  createVerifier,
  authenticateRequest,
  Verifier,
  Auth,
  TokenVerificationError,
  EDGE_MESSAGE,
  // Internal, for sessionjwt/next.
  _internal: { requestParts, optionsObject, typeError, describe, dangerousHasFromProperties, sharedVerifier, MEMO_ENTRIES },
};
