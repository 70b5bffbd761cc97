// What the two entry points of the package share: `sessionjwt` (index.js, over the native
// addon) and `sessionjwt/edge` (edge.mjs, over WebAssembly) take the same options, refuse
// the same wrong types with the same errors, read requests the same way and shape results
// the same way. All of it lives here, once.
//
// Standard JavaScript only: no Node.js built-ins, and one import, the core's error
// vocabulary generated beside it (errors.mjs), so it loads inside edge sandboxes. index.js
// loads it with `require()` of an ES module (Node.js >= 20.19). Nothing here decides
// anything about a token: that is the Rust core's.

import VOCABULARY from './errors.mjs';

// ---------------------------------------------------------------------------------------
// Errors.

/**
 * The error every verification failure rejects with. `reason` is Clerk's
 * `TokenVerificationErrorReason`, `action` Clerk's hint (or undefined), `code` the core's fine
 * code, `number` its number. One class for both entry points, so `instanceof` holds
 * whichever one threw.
 */
export class TokenVerificationError extends Error {
  constructor({ reason, code, message, action, number, tokenCarrier }) {
    super(message);
    this.name = 'TokenVerificationError';
    this.reason = reason;
    this.action = action;
    this.code = code;
    this.number = number;
    this.tokenCarrier = tokenCarrier;
  }

  /** Clerk's full message: `<message>[ <action>] (reason=<reason>, token-carrier=<carrier>)`. */
  getFullMessage() {
    const text = this.action ? `${this.message} ${this.action}` : this.message;
    return `${text} (reason=${this.reason}, token-carrier=${this.tokenCarrier})`;
  }
}

/** number -> {number, reason, code, message, action}: the core's vocabulary (errors.mjs). */
const ERRORS = new Map(
  Object.entries(VOCABULARY).map(([n, [reason, code, message, action]]) => [
    Number(n),
    { number: Number(n), reason, code, message, action: action ?? undefined },
  ]),
);

/**
 * The `TokenVerificationError` for a core error number; a number missing from the
 * vocabulary is a bug of ours (an addon or wasm module from another build), thrown as a
 * plain Error.
 */
export function errorFor(number, tokenCarrier) {
  const e = ERRORS.get(number);
  if (!e) throw new Error(`sessionjwt: unknown core error number ${number}`);
  return new TokenVerificationError({ ...e, tokenCarrier });
}

// ---------------------------------------------------------------------------------------
// Validation: the option names are Clerk's; values are checked, never coerced.

/** A short, safe description of a received value for error messages. */
export function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (length ${value.length})`;
  return `${typeof value} ${String(value)}`;
}

/** A TypeError with code `ERR_INVALID_ARG_TYPE` for option `name`. */
export function typeError(name, expected, value) {
  const err = new TypeError(`The "${name}" option must be ${expected}. Received ${describe(value)}.`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

/** A RangeError with code `ERR_OUT_OF_RANGE` for option `name`. */
export function rangeError(name, expected, value) {
  const err = new RangeError(`The "${name}" option must be ${expected}. Received ${describe(value)}.`);
  err.code = 'ERR_OUT_OF_RANGE';
  return err;
}

/** An options argument: `undefined` is `{}`; anything but a plain object is a TypeError. */
export function optionsObject(options, what) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    const err = new TypeError(`The ${what} argument must be an object. Received ${describe(options)}.`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  return options;
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

/** A plain object of any realm: not an array, a Buffer, a Map or another exotic object. */
function isPlainObject(v) {
  return Object.prototype.toString.call(v) === '[object Object]';
}

/**
 * `jwks`: a JWKS, as an object or its JSON text. A Buffer or another non-plain object is a
 * TypeError (JSON.stringify would turn a Buffer into `{"type":"Buffer",...}`, a key error).
 */
function jwks(options) {
  const v = options.jwks;
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (isPlainObject(v)) return JSON.stringify(v);
  throw typeError('jwks', 'a JWKS object or its JSON text', v);
}

/**
 * `jwk`: one JWK, as an object or its JSON text (the core's `add_jwk`: unlike a one-key
 * `jwks`, a key of an unsupported type, curve or algorithm is refused, not skipped).
 */
function jwk(options) {
  const v = options.jwk;
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (isPlainObject(v)) return JSON.stringify(v);
  throw typeError('jwk', 'a JWK object or its JSON text', v);
}

/** The largest `cache.max`: 16384 slots (a slot holds about 4.4 KB, so about 70 MB). */
export const MAX_CACHE_SLOTS = 16384;
const CACHE_EXPECTED = 'false or an object { max: integer }';

/**
 * `cache`: the repeat-token cache of a verifier, `false` (off) or `{ max }` slots (0: off).
 * Absent: `fallback`. Anything else (`true`, a number, unknown members) is a TypeError,
 * never coerced. Returns the number of slots.
 */
function cacheSlots(options, fallback) {
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

/**
 * Clerk's option names -> normalised verifier options, checked in a fixed order (so the
 * first wrong option named is the same in both entry points). `hmacSecret(options)` is the
 * entry point's own (Node decodes base64url itself; the edge build hands the text to the
 * core); `defaultCacheSlots` is what an absent `cache` means.
 */
export function verifierOptions(options, { hmacSecret, defaultCacheSlots }) {
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
    cacheCapacity: cacheSlots(options, defaultCacheSlots),
  };
}

/** Splits per-call options (`now`, `treatPendingAsSignedOut`) from verifier options. */
export function callOptions(options) {
  options = optionsObject(options, 'options');
  return { now: options.now, treatPendingAsSignedOut: options.treatPendingAsSignedOut };
}

/** `now`: ms since the epoch (an integer) or a Date; the system clock by default. */
export function nowMs(options) {
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

/** `treatPendingAsSignedOut`: a boolean; `fallback` when absent. */
export function pendingOption(options, fallback) {
  const v = options.treatPendingAsSignedOut;
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw typeError('treatPendingAsSignedOut', 'a boolean', v);
  return v;
}

/** A token must be a string (never coerced: a hostile `toString` is never called). */
export function checkToken(token) {
  if (typeof token !== 'string') {
    const err = new TypeError(`The token must be a string. Received ${describe(token)}.`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
}

// ---------------------------------------------------------------------------------------
// The Auth object.

/**
 * Clerk's `auth.getToken(options?)` for an auth object: resolves to the session token it was
 * built from (null when signed out). A JWT template (`{ template }`) is minted by Clerk's
 * API, so it rejects: this package makes no network calls.
 */
export function tokenGetter(token) {
  return async function getToken(options) {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new TypeError(`The getToken options must be an object. Received ${describe(options)}.`);
    }
    if (options?.template !== undefined) {
      throw new Error('sessionjwt: getToken({ template }) needs the Clerk API (network); it is not supported.');
    }
    return token;
  };
}

// ---------------------------------------------------------------------------------------
// Requests.

/**
 * The Authorization and Cookie headers and the method of a request-like object: a WHATWG
 * `Request` or `Headers`, or anything with a plain `headers` object (a Node
 * `IncomingMessage`; names in any case, repeated cookies joined with "; "). `accepted` names
 * the kinds in the TypeError for anything else.
 */
export function requestParts(request, accepted) {
  if (request === null || typeof request !== 'object') {
    throw new TypeError(`The request must be ${accepted}. Received ${describe(request)}.`);
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
    // Header names are case-insensitive: a hand-made `{ Authorization }` counts (Node's
    // IncomingMessage already lower-cases them). The first spelling found wins.
    const get = (name) => {
      if (Object.hasOwn(h, name)) return h[name];
      const key = Object.keys(h).find((k) => k.toLowerCase() === name);
      return key === undefined ? undefined : h[key];
    };
    const one = (v) => (Array.isArray(v) ? v.join('; ') : typeof v === 'string' ? v : undefined);
    const auth = get('authorization');
    const authorization = Array.isArray(auth) ? auth[0] : auth;
    return {
      authorization: typeof authorization === 'string' ? authorization : undefined,
      cookie: one(get('cookie')),
      method,
    };
  }
  throw new TypeError('The request has no headers.');
}

/**
 * Clerk's debug headers of a request state (its `withDebugHeaders`): `x-clerk-auth-status`,
 * `-reason` and `-message`, each only when non-empty; a value a header cannot hold (outside
 * ISO-8859-1) is left out, as Clerk does.
 */
function debugHeaders(status, reason, message) {
  const headers = new Headers();
  for (const [name, value] of [
    ['x-clerk-auth-message', message],
    ['x-clerk-auth-reason', reason],
    ['x-clerk-auth-status', status],
  ]) {
    if (!value) continue;
    try {
      headers.set(name, value);
    } catch {
      // Not a valid header value: Clerk skips it too.
    }
  }
  return headers;
}

/**
 * Clerk's request state from the core's decision `out` ({status, reason, error, token,
 * carrier}): `toAuth(opts)` calls `makeAuth(treatPendingAsSignedOut)`, which builds the
 * entry point's Auth object for the verified token. As in Clerk, a signed-out state has no
 * `token` (null) and every state carries its debug `headers`.
 */
export function requestState(out, errorFor, defaultPending, makeAuth) {
  const signedIn = out.status === 'signed-in';
  const error = out.error == null ? undefined : errorFor(out.error, out.carrier);
  const reason = signedIn ? null : out.reason;
  const message = signedIn ? null : error ? error.getFullMessage() : '';
  return {
    status: out.status,
    isSignedIn: signedIn,
    isAuthenticated: signedIn,
    reason,
    message,
    error,
    headers: debugHeaders(out.status, reason, message),
    tokenType: 'session_token',
    token: signedIn ? out.token ?? null : null,
    tokenCarrier: out.carrier ?? null,
    toAuth(opts) {
      opts = optionsObject(opts, 'toAuth options');
      return makeAuth(pendingOption(opts, defaultPending));
    },
  };
}
