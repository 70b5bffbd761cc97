'use strict';
// sessionjwt for Node.js: verify Clerk-style session JWTs with the native core.
//
// This file only marshals: it validates option types (TypeError / RangeError, never coercion;
// the checks are marshal.mjs's, shared with sessionjwt/edge), reads the clock, pulls the
// Authorization and Cookie headers out of a request, and turns the addon's results into
// objects. Every decision is made by the Rust core.

const EDGE_MESSAGE =
  'sessionjwt uses a native Node.js addon and cannot run on the Edge runtime. ' +
  "Use Next.js 16's proxy.ts (Node.js runtime), or middleware.ts with " +
  "`export const config = { runtime: 'nodejs' }`; on the Edge runtime, use " +
  "the WebAssembly build: import from 'sessionjwt/edge'.";

const {
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
} = require('./marshal.mjs');

/** What `requestParts` accepts, for its TypeError. */
const REQUEST_KINDS = 'a Request, an IncomingMessage or a Headers object';

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

// ---------------------------------------------------------------------------------------
// Validation: the option names are Clerk's; values are checked, never coerced.

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

/** Clerk's option names -> the addon's verifier options. */
function nodeVerifierOptions(options) {
  return verifierOptions(options, { hmacSecret, defaultCacheSlots: DEFAULT_CACHE_SLOTS });
}

// ---------------------------------------------------------------------------------------
// The Auth object.

/**
 * Clerk's auth object for a session: `userId`, `sessionId`, `sessionStatus`, `actor`,
 * `factorVerificationAge`, `orgId`, `orgRole`, `orgSlug`, `orgPermissions`, `sessionClaims`,
 * `isAuthenticated` and `has(params)`. Built by the core; `has()` runs in the core.
 */
class Auth {
  constructor(verified, treatPendingAsSignedOut, token) {
    const props = JSON.parse(native.authJson(verified, treatPendingAsSignedOut));
    Object.assign(this, props);
    // Signed in: a verified token's object (its userId is the sub string, "" included, as
    // in Clerk); the signed-out object (no token, or a pending session treated as signed
    // out) has userId null.
    const signedIn = Boolean(verified) && props.userId !== null;
    // The whole verified payload, as Clerk's sessionClaims; null when signed out.
    this.sessionClaims = signedIn ? JSON.parse(verified.payload()) : null;
    this.isAuthenticated = signedIn;
    this.tokenType = 'session_token';
    // Clerk's getToken(): the session token (null when signed out or without a session id,
    // as Clerk's createGetToken); not enumerable.
    Object.defineProperty(this, 'getToken', { value: tokenGetter(signedIn && props.sessionId ? token : null) });
    Object.defineProperty(this, '_native', { value: { verified, treatPendingAsSignedOut } });
    // has() works detached, as Clerk's does (`const { has } = auth()`); not enumerable.
    Object.defineProperty(this, 'has', { value: this.has.bind(this) });
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
    attachNative(this, nodeVerifierOptions(options));
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
    return new Auth(r, treatPending, token);
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
    const out = this._native.authenticateRequest(requestParts(request, REQUEST_KINDS), now);
    const verified = out.verified ?? null;
    return requestState(out, errorFor, defaultPending, (pending) => new Auth(verified, pending, out.token));
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
  const normalized = nodeVerifierOptions(options);
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

/**
 * Creates a verifier: keys are parsed once. Options are `@clerk/backend`'s (`jwtKey`,
 * `authorizedParties`, `audience`, `issuer`, `clockSkewInMs`, `headerType`) plus `jwk`,
 * `jwks`, `hmacSecret`, `algorithms`, `maxTokenBytes`, `publishableKey` and `cache`
 * (`false` or `{ max }`; default on, 256 slots).
 */
function createVerifier(options) {
  return new Verifier(options);
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
  // Internal, for tests.
  _internal: { dangerousHasFromProperties, sharedVerifier, MEMO_ENTRIES },
};
