/// <reference types="node" />
// Types for `sessionjwt/next`: Next.js 16 proxy.ts / middleware.ts (Node.js runtime only).

import type { IncomingMessage } from 'node:http';
import type { Auth, CheckAuthorizationParams, RequestState, VerifierOptions } from './index';

/** Options of the Next.js helpers: verifier options plus where to send signed-out documents. */
export interface NextOptions extends VerifierOptions {
  /** Sign-in page for redirects (default `/sign-in`); `redirect_url` is appended. */
  signInUrl?: string;
  /** A pending session is signed out unless false (default true). */
  treatPendingAsSignedOut?: boolean;
  /** "Now" (ms, Date, or a function returning one); for tests. */
  now?: number | Date | (() => number | Date);
}

/** Anything with a URL and headers that Next.js hands to a proxy (NextRequest is a Request). */
export type MiddlewareRequest = Request;

/** The `auth` argument of a middleware handler. */
export interface MiddlewareAuth {
  /** The Auth object of this request. */
  (): Auth;
  /** `auth().has(params)`. */
  has(params: CheckAuthorizationParams): boolean;
  /**
   * Requires a signed-in user (and, with params, `has(params)`); returns the Auth object.
   * Otherwise throws: documents redirect to the sign-in URL, other requests get 401 JSON,
   * a signed-in user without the asked authorization gets 403. The denial stands even if caught.
   */
  protect(params?: CheckAuthorizationParams | ((has: (p: CheckAuthorizationParams) => boolean) => boolean)): Auth;
  /** Redirects to the sign-in URL (throws). */
  redirectToSignIn(options?: { returnBackUrl?: string }): never;
  /** The request state (status, reason, token...). */
  readonly state: RequestState;
}

export type MiddlewareHandler = (
  auth: MiddlewareAuth,
  request: MiddlewareRequest,
  event?: unknown,
) => Response | undefined | void | Promise<Response | undefined | void>;

/** The function to export from proxy.ts / middleware.ts. */
export type Middleware = (request: MiddlewareRequest, event?: unknown) => Promise<Response | undefined>;

/**
 * The middleware. Without options, the environment configures it (see `optionsFromEnv`).
 * Errors of its own (addon, options, handler) answer 500 and are logged: it never fails open.
 */
export function sessionMiddleware(handler?: MiddlewareHandler, options?: NextOptions): Middleware;
export function sessionMiddleware(options: NextOptions): Middleware;

/** Path patterns (`'/dashboard(.*)'`, `'/users/:id'`), RegExps or request predicates. */
export type RoutePattern = string | RegExp | ((req: Request) => boolean);

/** A predicate over requests that matches when any pattern matches the (decoded) path. */
export function createRouteMatcher(patterns: RoutePattern | RoutePattern[]): (req: Request | IncomingMessage) => boolean;

/**
 * The Auth object of a request, synchronously: a Request, a Pages Router `req` / `ctx.req`,
 * or the Headers of `await headers()`. The request is authenticated again natively.
 */
export function getAuth(req: Request | IncomingMessage | Headers, options?: NextOptions): Auth;

/** Options from CLERK_JWT_KEY, AUTHORIZED_PARTIES (comma-separated) and CLERK_SIGN_IN_URL. */
export function optionsFromEnv(env?: Record<string, string | undefined>): NextOptions;

/** Whether a request is a page navigation (redirected) rather than an API call (401). */
export function isDocumentRequest(req: Request | IncomingMessage): boolean;

/** The message used when loaded on the Edge runtime. */
export const EDGE_MESSAGE: string;
