// Types for `sessionjwt/edge`: the core compiled to WebAssembly, for edge runtimes (Next.js
// middleware on the Edge runtime, Vercel Edge, Cloudflare Workers). No Node.js types.

import type {
  Auth,
  AuthenticateOptions,
  CallOptions,
  JwtPayload,
  KeyAndClaimOptions,
  RequestState,
} from './types';

export * from './types';

/** Verifier options: the Node package's (`@clerk/backend`'s names and more) plus `crypto`. */
export interface VerifierOptions extends KeyAndClaimOptions {
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

/** `verifyToken` options: verifier options plus per-call options. */
export interface VerifyTokenOptions extends VerifierOptions, AuthenticateOptions {}

/** What `authenticateRequest` accepts: a WHATWG Request, Headers, or an object with headers. */
export type RequestLike =
  | Request
  | Headers
  | { headers: Headers | Record<string, string | string[] | undefined>; method?: string };

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
