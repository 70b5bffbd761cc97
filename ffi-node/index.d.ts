/// <reference types="node" />
// Types for `sessionjwt`: verification of Clerk-style session JWTs by a native core.

import type { IncomingMessage } from 'node:http';

import type {
  Auth,
  AuthenticateOptions,
  CacheOption,
  CacheStats,
  CallOptions,
  JwtPayload,
  KeyAndClaimOptions,
  RequestState,
} from './types';

export * from './types';

/** Verifier options: `@clerk/backend`'s names plus `jwk`, `jwks`, `hmacSecret`, `algorithms`, `maxTokenBytes`, `cache`. */
export interface VerifierOptions extends KeyAndClaimOptions {
  /** The repeat-token cache (default on, 256 slots); see `CacheOption`. */
  cache?: CacheOption;
}

/** `verifyToken` options: verifier options plus per-call options. */
export interface VerifyTokenOptions extends VerifierOptions, AuthenticateOptions {}

/** What `authenticateRequest` accepts: a WHATWG Request, a Node IncomingMessage, or Headers. */
export type RequestLike =
  | Request
  | IncomingMessage
  | Headers
  | { headers: Headers | Record<string, string | string[] | undefined>; method?: string };

/** A verifier whose keys were parsed once. */
export class Verifier {
  private constructor();
  /**
   * Verifies synchronously: the payload (deep-frozen and shared by the calls for one token
   * while the cache is on; see `CacheOption`), or throws `TokenVerificationError`.
   */
  verifySync(token: string, options?: CallOptions): JwtPayload;
  /** Verifies on the thread pool (a cached token is answered at once); see `verifySync`. */
  verify(token: string, options?: CallOptions): Promise<JwtPayload>;
  /** Verifies and returns the Auth object; throws `TokenVerificationError` for an invalid token. */
  authenticate(token: string, options?: AuthenticateOptions): Auth;
  /** Authenticates a request synchronously (Bearer token wins over the `__session` cookie). */
  authenticateRequest(request: RequestLike, options?: AuthenticateOptions): RequestState;
  /** The token size limit in bytes. */
  readonly maxTokenBytes: number;
  /** The token cache's counters (all 0 when the cache is off). */
  cacheStats(): CacheStats;
}

/** Parses keys once and fixes the options. Throws `TokenVerificationError` (`jwk-invalid`) for a bad key. */
export function createVerifier(options?: VerifierOptions): Verifier;

/**
 * Drop-in for `@clerk/backend`'s `verifyToken`. Calls with identical verifier options share
 * one verifier (keys parsed once, one token cache); the 16 most recently used option sets
 * are kept. Verifies on the calling thread (as `verifySync`; about 16 us for RS256).
 */
export function verifyToken(token: string, options: VerifyTokenOptions): Promise<JwtPayload>;

/** `@clerk/backend`'s `authenticateRequest`, networkless. Shares verifiers as `verifyToken` does. */
export function authenticateRequest(request: RequestLike, options: VerifyTokenOptions): Promise<RequestState>;

/** The error thrown when the package is loaded on the Edge runtime. */
export const EDGE_MESSAGE: string;
