// Types shared by `sessionjwt` (index.d.ts) and `sessionjwt/edge` (edge.d.ts): the payload,
// the options both take, errors, the Auth object and request states. No Node.js types here.

/** A verified token's payload (Clerk's `JwtPayload`). */
export interface JwtPayload {
  sub: string;
  exp: number;
  iat?: number;
  nbf?: number;
  iss?: string;
  azp?: string;
  aud?: string | string[];
  sid?: string;
  sts?: 'active' | 'pending' | string;
  act?: { sub: string; [claim: string]: unknown };
  fva?: [number, number];
  v?: number;
  [claim: string]: unknown;
}

/**
 * The repeat-token cache of a verifier: `false` (off) or `{ max }` slots, an integer from 0
 * (off) to 16384 (a slot holds about 4.4 KB). Default: on, 256 slots. A hit still re-checks
 * `exp`, `nbf` and `iat` at the call's `now`; only tokens that verified are stored. Anything
 * else (`true`, a number, other members) is a TypeError; a bad `max` a RangeError.
 * With the cache on, `verifySync`, `verify` and `verifyToken` return deep-frozen payloads,
 * and the calls for one token share one payload object; with `cache: false` each call
 * returns a fresh, mutable object.
 */
export type CacheOption = false | { max: number };

/** The counters of a verifier's token cache. */
export interface CacheStats {
  /** Lookups answered from the cache (the time re-check included, whatever its outcome). */
  hits: number;
  /** Lookups that found nothing (the token was verified in full). */
  misses: number;
  /** Tokens stored. */
  inserts: number;
  /** Slots (0: the cache is off). */
  capacity: number;
}

/** The verifier options both packages take: `@clerk/backend`'s names plus `jwk`, `jwks`,
 * `hmacSecret`, `algorithms`, `maxTokenBytes`, `publishableKey`. */
export interface KeyAndClaimOptions {
  /** PEM public key (SPKI or PKCS#1; a bare base64 body and env-style literal `\n` work). */
  jwtKey?: string;
  /**
   * One JWK, as a plain object or its JSON text. Not the same as a one-key `jwks`: a key of
   * an unsupported type, curve or `alg` is refused here (`jwk-invalid`; an `alg` name the
   * core does not know: `token-invalid-algorithm`), where a set skips it.
   */
  jwk?: string | Record<string, unknown>;
  /** A JWKS (`{keys: [...]}`), as an object or its JSON text. */
  jwks?: string | { keys: unknown[] };
  /**
   * An HMAC secret: canonical unpadded base64url text, or raw bytes. At least 32 bytes; a
   * public key (PEM, DER, JWK or OpenSSH form) is refused (`KEY_HMAC_PUBLIC_KEY`).
   */
  hmacSecret?: string | Uint8Array;
  /** The algorithm allow-list (default: each key's own family, RSA -> RS256). `none` never. */
  algorithms?: Array<'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'EdDSA' | 'HS256' | 'HS384' | 'HS512'>;
  /** Allowed `azp` values (exact match). A string is a TypeError, not a one-element list. */
  authorizedParties?: string[];
  /** Accepted `aud` values; when set, `aud` is required. */
  audience?: string | string[];
  /** Accepted `iss` values. */
  issuer?: string | string[];
  /**
   * Accepted header `typ` values. Absent: `typ` may be absent or `JWT`. Given (even as `[]`,
   * which accepts no token, or `''`): `typ` is required and must equal one, as in Clerk.
   */
  headerType?: string | string[];
  /**
   * Clock skew in ms (default 5000; 0 and negative values are honoured). As in Clerk, NaN and
   * +/-Infinity mean the default. Any other value must be a safe integer: a fraction or a
   * number beyond 2^53 is a RangeError, a non-number a TypeError (Clerk would fall back).
   */
  clockSkewInMs?: number;
  /** Largest token accepted, in UTF-8 bytes (default 8192). */
  maxTokenBytes?: number;
  /** The Clerk publishable key: `pk_test_...` requires the `__clerk_db_jwt` cookie on the cookie path. */
  publishableKey?: string;
  /**
   * `@clerk/backend` options for its network paths (JWKS fetch, refresh, handshake), accepted
   * so that Clerk option objects type-check unchanged, and ignored: verification here is
   * networkless, with the keys given above.
   */
  secretKey?: string;
  /** Accepted and ignored, see `secretKey`. */
  apiUrl?: string;
  /** Accepted and ignored, see `secretKey`. */
  apiVersion?: string;
  /** Accepted and ignored, see `secretKey`. */
  skipJwksCache?: boolean;
}

/** Per-call options. */
export interface CallOptions {
  /** "Now", in ms since the epoch or as a Date (default: the system clock). */
  now?: number | Date;
}

export interface AuthenticateOptions extends CallOptions {
  /** A pending session (`sts: "pending"`) is signed out unless false (default true). */
  treatPendingAsSignedOut?: boolean;
}

/**
 * Clerk's `TokenVerificationErrorReason` strings, plus `jwk-invalid` for refused keys/options
 * (an unknown algorithm name is `token-invalid-algorithm`).
 */
export type TokenVerificationErrorReason =
  | 'token-expired'
  | 'token-invalid'
  | 'token-invalid-algorithm'
  | 'token-invalid-authorized-parties'
  | 'token-invalid-issuer'
  | 'token-invalid-signature'
  | 'token-not-active-yet'
  | 'token-iat-in-the-future'
  | 'token-verification-failed'
  | 'jwk-kid-mismatch'
  | 'jwk-failed-to-resolve'
  | 'jwk-invalid';

/** Every verification failure. */
export class TokenVerificationError extends Error {
  /** As Clerk's: built from its fields (the library builds them; tests and wrappers may). */
  constructor(init: {
    reason: TokenVerificationErrorReason;
    message: string;
    action?: string;
    code?: string;
    number?: number;
    tokenCarrier?: 'header' | 'cookie';
  });
  name: 'TokenVerificationError';
  /** Clerk's reason. */
  reason: TokenVerificationErrorReason;
  /**
   * Clerk's `TokenVerificationErrorAction` for the same failure (e.g. "Make sure that this is
   * a valid Clerk-generated JWT."), or undefined.
   */
  action?: string;
  /** The core's fine, stable code (`TOKEN_EXPIRED`, `DUPLICATE_MEMBER`, ...). */
  code: string;
  /** The core's numeric code. */
  number: number;
  /** Where the token came from, in request authentication. */
  tokenCarrier?: 'header' | 'cookie';
  /** `<message>[ <action>] (reason=<reason>, token-carrier=<carrier>)`, as Clerk formats it. */
  getFullMessage(): string;
}

/** A reverification requirement: a preset, or a level and a freshness in minutes. */
export type ReverificationConfig =
  | 'strict_mfa'
  | 'strict'
  | 'moderate'
  | 'lax'
  | { level: 'first_factor' | 'second_factor' | 'multi_factor'; afterMinutes: number };

/** Clerk's `has()` parameters. Every asked dimension must pass. */
export interface CheckAuthorizationParams {
  role?: string;
  permission?: string;
  feature?: string;
  plan?: string;
  reverification?: ReverificationConfig;
}

/** Clerk's auth object. Properties that are absent from the claims are undefined. */
export class Auth {
  private constructor();
  userId: string | null;
  sessionId?: string | null;
  sessionStatus?: 'active' | 'pending' | null;
  actor?: { sub: string; [claim: string]: unknown } | null;
  factorVerificationAge?: [number, number] | null;
  orgId?: string | null;
  orgRole?: string | null;
  orgSlug?: string | null;
  orgPermissions?: string[] | null;
  /** The whole verified payload; null when signed out. */
  sessionClaims: JwtPayload | null;
  /** True for a verified token's object (whatever its `sub`), false when signed out. */
  isAuthenticated: boolean;
  /** Always `'session_token'`, as in Clerk's session auth objects. */
  tokenType: 'session_token';
  /**
   * Clerk's `getToken()`: resolves to the session token this object was built from, or null
   * when signed out. `{ template }` rejects (JWT templates are minted by Clerk's API; this
   * package makes no network calls).
   */
  getToken(options?: { template?: string }): Promise<string | null>;
  /** Clerk's `has()`, decided by the core. False when signed out or when nothing is asked. */
  has(params: CheckAuthorizationParams): boolean;
  /** The auth properties (without `sessionClaims`), as the core renders them. */
  toJSON(): Record<string, unknown>;
}

/** The outcome of request authentication (networkless: a handshake is signed-out). */
export interface RequestState {
  status: 'signed-in' | 'signed-out';
  isSignedIn: boolean;
  isAuthenticated: boolean;
  /** null when signed in; Clerk's reason otherwise (e.g. `session-token-and-uat-missing`). */
  reason: string | null;
  /** null when signed in; Clerk's full message for verification errors, else `''`. */
  message: string | null;
  /** The verification error behind a signed-out state, if verification ran. */
  error?: TokenVerificationError;
  /**
   * Clerk's debug headers: `x-clerk-auth-status`, and `x-clerk-auth-reason` /
   * `x-clerk-auth-message` when non-empty.
   */
  headers: Headers;
  tokenType: 'session_token';
  /** The verified token when signed in; null when signed out, as in Clerk. */
  token: string | null;
  tokenCarrier: 'header' | 'cookie' | null;
  /** The Auth object (signed-out object when signed out). */
  toAuth(options?: { treatPendingAsSignedOut?: boolean }): Auth;
}
