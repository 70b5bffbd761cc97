// Types for `sessionjwt/edge`: the core compiled to WebAssembly, for edge runtimes (Next.js
// middleware on the Edge runtime, Vercel Edge, Cloudflare Workers). No Node.js types.

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

/** Verifier options: the Node package's (`@clerk/backend`'s names and more) plus `crypto`. */
export interface VerifierOptions {
  /** PEM public key (SPKI or PKCS#1; a bare base64 body and env-style literal `\n` work). */
  jwtKey?: string;
  /**
   * One JWK, as a plain object or its JSON text. Not the same as a one-key `jwks`: a key of
   * an unsupported type, curve or `alg` is refused here (`jwk-invalid`), where a set skips it.
   */
  jwk?: string | Record<string, unknown>;
  /** A JWKS (`{keys: [...]}`), as an object or its JSON text. */
  jwks?: string | { keys: unknown[] };
  /** An HMAC secret: canonical unpadded base64url text, or raw bytes. At least 32 bytes. */
  hmacSecret?: string | Uint8Array;
  /** The algorithm allow-list (default: each key's own family, RSA -> RS256). `none` never. */
  algorithms?: Array<'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'EdDSA' | 'HS256' | 'HS384' | 'HS512'>;
  /** Allowed `azp` values (exact match). A string is a TypeError, not a one-element list. */
  authorizedParties?: string[];
  /** Accepted `aud` values; when set, `aud` is required. */
  audience?: string | string[];
  /** Accepted `iss` values. */
  issuer?: string | string[];
  /** Accepted header `typ` values (default `JWT`; an absent `typ` then passes). */
  headerType?: string | string[];
  /** Clock skew in ms (default 5000). Must be an integer. */
  clockSkewInMs?: number;
  /** Largest token accepted, in UTF-8 bytes (default 8192). */
  maxTokenBytes?: number;
  /** The Clerk publishable key (development instances, suffixed cookies). */
  publishableKey?: string;
  /**
   * Who checks signatures in the asynchronous methods: `'webcrypto'` (default:
   * `crypto.subtle.verify`, each key imported once per verifier) or `'wasm'` (ring inside the
   * module, also the fallback when WebCrypto is missing or refuses a key). The `*Sync`
   * methods always use wasm.
   */
  crypto?: 'webcrypto' | 'wasm';
  /**
   * Validated exactly as in the Node package (`false` or `{ max }`, an integer from 0 to
   * 16384) and otherwise ignored: the edge build has no token cache (signatures are checked
   * by WebCrypto), so options can be shared between the two packages.
   */
  cache?: false | { max: number };
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

/** `verifyToken` options: verifier options plus per-call options. */
export interface VerifyTokenOptions extends VerifierOptions, AuthenticateOptions {}

/** Clerk's `TokenVerificationErrorReason` strings, plus `jwk-invalid` for refused keys/options. */
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
  name: 'TokenVerificationError';
  reason: TokenVerificationErrorReason;
  /** The core's fine, stable code (`TOKEN_EXPIRED`, `DUPLICATE_MEMBER`, ...). */
  code: string;
  /** The core's numeric code. */
  number: number;
  tokenCarrier?: 'header' | 'cookie';
  /** `<message> (reason=<reason>, token-carrier=<carrier>)`, as Clerk formats it. */
  getFullMessage(): string;
}

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
  isAuthenticated: boolean;
  /** Clerk's `has()`, decided by the core. False when signed out or when nothing is asked. */
  has(params: CheckAuthorizationParams): boolean;
  /** The auth properties (without `sessionClaims`), as the core renders them. */
  toJSON(): Record<string, unknown>;
}

/** What `authenticateRequest` accepts: a WHATWG Request, Headers, or an object with headers. */
export type RequestLike =
  | Request
  | Headers
  | { headers: Headers | Record<string, string | string[] | undefined>; method?: string };

/** The outcome of request authentication (networkless: a handshake is signed-out). */
export interface RequestState {
  status: 'signed-in' | 'signed-out';
  isSignedIn: boolean;
  isAuthenticated: boolean;
  reason: string | null;
  message: string | null;
  error?: TokenVerificationError;
  tokenType: 'session_token';
  token: string | null;
  tokenCarrier: 'header' | 'cookie' | null;
  toAuth(options?: { treatPendingAsSignedOut?: boolean }): Auth;
}

/** A verifier whose keys were parsed once. */
export class Verifier {
  private constructor();
  /** Verifies (signature by WebCrypto unless `crypto: 'wasm'`): the payload. */
  verify(token: string, options?: CallOptions): Promise<JwtPayload>;
  /** Verifies synchronously with ring inside wasm. */
  verifySync(token: string, options?: CallOptions): JwtPayload;
  /** Verifies and resolves to the Auth object. */
  authenticate(token: string, options?: AuthenticateOptions): Promise<Auth>;
  /** `authenticate`, synchronously, with ring inside wasm. */
  authenticateSync(token: string, options?: AuthenticateOptions): Auth;
  /** Authenticates a request (Bearer token wins over the `__session` cookie). */
  authenticateRequest(request: RequestLike, options?: AuthenticateOptions): Promise<RequestState>;
  /** `authenticateRequest`, synchronously, with ring inside wasm. */
  authenticateRequestSync(request: RequestLike, options?: AuthenticateOptions): RequestState;
  /** Frees the wasm side now (otherwise the garbage collector does). */
  free(): void;
  /** The token size limit in bytes. */
  readonly maxTokenBytes: number;
}

/** What `init` loads the module from. */
export type WasmSource =
  | WebAssembly.Module
  | BufferSource
  | Response
  | PromiseLike<Response>
  | URL
  | string;

/**
 * Loads sessionjwt.wasm (default: fetched next to this module). On Next.js / Vercel Edge and
 * Workers the package's `edge-light` / `workerd` entry has already loaded it.
 */
export function init(source?: WasmSource): Promise<void>;

/** Loads the module synchronously from a `WebAssembly.Module` or its bytes. */
export function initSync(source: WebAssembly.Module | BufferSource): void;

/** Parses keys once. Throws `TokenVerificationError` (`jwk-invalid`) for a bad key once loaded. */
export function createVerifier(options?: VerifierOptions): Verifier;

/** Drop-in for `@clerk/backend`'s `verifyToken`. */
export function verifyToken(token: string, options: VerifyTokenOptions): Promise<JwtPayload>;

/** `@clerk/backend`'s `authenticateRequest`, networkless. */
export function authenticateRequest(request: RequestLike, options: VerifyTokenOptions): Promise<RequestState>;
