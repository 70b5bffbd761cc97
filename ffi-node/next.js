'use strict';
// sessionjwt/next: Next.js 16 proxy.ts (Node.js runtime) / middleware.ts (runtime: 'nodejs')
// helpers, and getAuth() for route handlers, pages and getServerSideProps.
//
// Next.js bundles proxy code and cannot bundle a `.node` file; inside the bundle __dirname is
// virtual, so this module never imports the addon statically. It loads the `sessionjwt`
// package at run time with a require created outside the bundler's sight: first next to this
// file (not bundled), then from the app root (process.cwd()). A load failure is logged loudly
// and every request then fails closed with a 500, never passes through.

const EDGE_MESSAGE =
  'sessionjwt uses a native Node.js addon and cannot run on the Edge runtime. ' +
  "Use Next.js 16's proxy.ts (Node.js runtime), or middleware.ts with " +
  "`export const config = { runtime: 'nodejs' }`; on the Edge runtime, use " +
  "the WebAssembly build: import from 'sessionjwt/edge'.";

let loaded = null;

function loadPackage() {
  if (typeof EdgeRuntime === 'string') throw new Error(EDGE_MESSAGE);
  const proc = typeof process === 'object' && process ? process : null;
  if (!proc || typeof proc.getBuiltinModule !== 'function') {
    throw new Error(
      'sessionjwt/next needs the Node.js runtime (Node >= 20.19). ' +
        EDGE_MESSAGE,
    );
  }
  const { createRequire } = proc.getBuiltinModule('node:module');
  const fs = proc.getBuiltinModule('node:fs');
  const attempts = [];
  const candidates = [];
  // Not bundled: this file is on disk next to index.js.
  if (typeof __filename === 'string' && __filename.startsWith('/') && fs.existsSync(__filename)) {
    candidates.push([__filename, './index.js']);
  }
  // Bundled into the app (proxy.ts): resolve the package from the app root.
  candidates.push([`${proc.cwd()}/`, 'sessionjwt']);
  for (const [base, id] of candidates) {
    try {
      return createRequire(base)(id);
    } catch (err) {
      attempts.push(`require(${JSON.stringify(id)}) from ${base}: ${err && err.message}`);
    }
  }
  throw new Error(
    `sessionjwt/next: cannot load the sessionjwt package. Install it in the app (npm install ` +
      `sessionjwt) and run the app from its root directory. Attempts: ${attempts.join(' | ')}`,
  );
}

/** The `sessionjwt` package (index.js + addon), loaded once; a failure is logged once, loudly. */
function sessionjwt() {
  if (!loaded) {
    try {
      loaded = { pkg: loadPackage() };
    } catch (error) {
      loaded = { error };
      console.error('[sessionjwt] FATAL: the native verifier is unavailable; every request will fail closed (500).', error);
    }
  }
  if (loaded.error) throw loaded.error;
  return loaded.pkg;
}

// ---------------------------------------------------------------------------------------
// Options.

/**
 * Options from the environment: `CLERK_JWT_KEY` (PEM; literal `\n` is fine),
 * `AUTHORIZED_PARTIES` or `CLERK_AUTHORIZED_PARTIES` (comma-separated), `CLERK_SIGN_IN_URL`
 * or `NEXT_PUBLIC_CLERK_SIGN_IN_URL` (default `/sign-in`).
 */
function optionsFromEnv(env = process.env) {
  const jwtKey = env.CLERK_JWT_KEY;
  if (!jwtKey) {
    throw new Error('sessionjwt/next: CLERK_JWT_KEY is not set and no options were given.');
  }
  const parties = env.AUTHORIZED_PARTIES ?? env.CLERK_AUTHORIZED_PARTIES;
  const options = { jwtKey };
  if (parties !== undefined) {
    options.authorizedParties = parties.split(',').map((p) => p.trim()).filter(Boolean);
  }
  const signInUrl = env.CLERK_SIGN_IN_URL || env.NEXT_PUBLIC_CLERK_SIGN_IN_URL;
  if (signInUrl) options.signInUrl = signInUrl;
  return options;
}

const verifiers = new WeakMap();
let envVerifier = null;

/** The options that give a verifier its keys. */
const KEY_OPTIONS = ['jwtKey', 'jwk', 'jwks', 'hmacSecret'];
/** The options of sessionjwt/next itself, read per call (never a verifier's). */
const NEXT_ONLY = new Set(['signInUrl', 'treatPendingAsSignedOut', 'now']);

/**
 * One verifier per options object (keys parsed once). `undefined` options: the environment.
 * Options without a key (Clerk's `getAuth(req, { treatPendingAsSignedOut: false })`) apply
 * over the environment's: only per-call options reuse its verifier, others get their own.
 */
function verifierFor(options) {
  const pkg = sessionjwt();
  if (options === undefined) {
    if (!envVerifier) {
      const env = optionsFromEnv();
      envVerifier = { verifier: pkg.createVerifier(verifierOnly(env)), options: env };
    }
    return envVerifier;
  }
  if (options === null || typeof options !== 'object') {
    throw new TypeError('sessionjwt/next: options must be an object.');
  }
  const keyless = !KEY_OPTIONS.some((name) => options[name] !== undefined);
  if (keyless && Object.keys(options).every((name) => NEXT_ONLY.has(name))) {
    const env = verifierFor(undefined);
    return { verifier: env.verifier, options: { ...env.options, ...options } };
  }
  let entry = verifiers.get(options);
  if (!entry) {
    const effective = keyless ? { ...optionsFromEnv(), ...options } : options;
    entry = { verifier: pkg.createVerifier(verifierOnly(effective)), options: effective };
    verifiers.set(options, entry);
  }
  return entry;
}

/** The verifier options without the Next-only ones. */
function verifierOnly(options) {
  const { signInUrl, treatPendingAsSignedOut, now, ...rest } = options;
  void signInUrl;
  void treatPendingAsSignedOut;
  void now;
  return rest;
}

function callOptions(options) {
  const out = {};
  if (options.now !== undefined) out.now = typeof options.now === 'function' ? options.now() : options.now;
  if (options.treatPendingAsSignedOut !== undefined) out.treatPendingAsSignedOut = options.treatPendingAsSignedOut;
  return out;
}

// ---------------------------------------------------------------------------------------
// Route matching.

function compilePattern(pattern) {
  let src = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === '(') {
      // A regular-expression group, as in path-to-regexp: '/dashboard(.*)'.
      let depth = 0;
      let j = i;
      for (; j < pattern.length; j++) {
        if (pattern[j] === '\\') j++;
        else if (pattern[j] === '(') depth++;
        else if (pattern[j] === ')' && --depth === 0) break;
      }
      if (depth !== 0) throw new TypeError(`createRouteMatcher: unbalanced "(" in ${pattern}`);
      src += `(?:${pattern.slice(i + 1, j)})`;
      i = j + 1;
    } else if (c === ':') {
      const m = /^:([A-Za-z0-9_]+)/.exec(pattern.slice(i));
      if (!m) throw new TypeError(`createRouteMatcher: bad parameter in ${pattern}`);
      src += '[^/]+';
      i += m[0].length;
    } else {
      src += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    }
  }
  return new RegExp(`^${src}/?$`);
}

function pathnameOf(req) {
  if (req && req.nextUrl && typeof req.nextUrl.pathname === 'string') return req.nextUrl.pathname;
  const url = req && req.url;
  if (typeof url !== 'string') return '/';
  try {
    return new URL(url, 'http://localhost').pathname;
  } catch {
    return '/';
  }
}

/** The path as the router sees it (percent-decoded once); the raw path if it does not decode. */
function routerPath(req) {
  const raw = pathnameOf(req);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * `createRouteMatcher(patterns)`: a predicate over requests. Patterns are path strings with
 * path-to-regexp style groups and parameters (`'/dashboard(.*)'`, `'/users/:id'`), RegExps,
 * or functions of the request; an array matches when any entry matches.
 */
function createRouteMatcher(patterns) {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  const tests = list.map((p) => {
    if (typeof p === 'function') return p;
    if (p instanceof RegExp) return (req) => p.test(routerPath(req));
    if (typeof p === 'string') {
      const re = compilePattern(p);
      return (req) => re.test(routerPath(req));
    }
    throw new TypeError('createRouteMatcher: patterns must be strings, RegExps or functions.');
  });
  return (req) => tests.some((t) => Boolean(t(req)));
}

// ---------------------------------------------------------------------------------------
// The middleware.

function header(req, name) {
  const h = req && req.headers;
  if (h && typeof h.get === 'function') return h.get(name);
  const v = h && h[name];
  return Array.isArray(v) ? v.join(', ') : v ?? null;
}

/** A navigation that should be redirected (Clerk's page-request rule); API paths never are. */
function isDocumentRequest(req) {
  const path = routerPath(req);
  if (/^\/(api|trpc)(\/|$)/.test(path)) return false;
  const dest = header(req, 'sec-fetch-dest');
  if (dest === 'document' || dest === 'iframe') return true;
  if ((header(req, 'accept') || '').includes('text/html')) return true;
  return header(req, 'rsc') !== null || header(req, 'x-nextjs-data') !== null;
}

class ProtectDenied extends Error {
  constructor(response) {
    super('sessionjwt: access denied by auth.protect()');
    this.name = 'ProtectDenied';
    this.response = response;
  }
}

function json(status, body, extra = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...extra },
  });
}

/** The URL the client used: Host / X-Forwarded-Host and X-Forwarded-Proto over Next's own. */
function publicUrl(req) {
  const url = new URL(typeof req.url === 'string' ? req.url : '/', 'http://localhost');
  const first = (v) => (v ? String(v).split(',')[0].trim() : '');
  const host = first(header(req, 'x-forwarded-host')) || first(header(req, 'host'));
  const proto = first(header(req, 'x-forwarded-proto'));
  if (host && /^[A-Za-z0-9.\-\[\]:]+$/.test(host)) url.host = host;
  if (proto === 'http' || proto === 'https') url.protocol = `${proto}:`;
  return url.toString();
}

function signInRedirect(req, options, returnBackUrl) {
  const base = publicUrl(req);
  const target = new URL(options.signInUrl || '/sign-in', base);
  target.searchParams.set('redirect_url', returnBackUrl ?? base);
  return new Response(null, {
    status: 307,
    headers: { location: target.toString(), 'cache-control': 'no-store' },
  });
}

function failClosed(error) {
  console.error('[sessionjwt] middleware error; failing closed with 500:', error);
  return new Response('Internal Server Error (sessionjwt: authentication unavailable)', {
    status: 500,
    headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' },
  });
}

/**
 * `sessionMiddleware(handler?, options?)` for proxy.ts / middleware.ts (Node.js runtime).
 *
 * `handler(auth, request, event)` may call `auth()` (the Auth object), `auth.has(params)`,
 * `auth.protect(params?)` and `auth.redirectToSignIn()`, and may return a Response. Denials:
 * a signed-out document request is redirected to `signInUrl` with `redirect_url`; any other
 * signed-out request gets 401 JSON; a signed-in request failing `protect(params)` gets 403.
 * A denial stands even if the handler catches the error. Errors of the middleware itself (the
 * addon, the options, the handler) answer 500 and are logged: it never fails open.
 */
function sessionMiddleware(handler, options) {
  if (handler !== undefined && typeof handler !== 'function') {
    if (options === undefined && handler !== null && typeof handler === 'object') {
      options = handler;
      handler = undefined;
    } else {
      throw new TypeError('sessionMiddleware(handler?, options?): handler must be a function.');
    }
  }
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('sessionMiddleware(handler?, options?): options must be an object.');
  }
  // Load (and report) early, but never throw at import time: Next would swallow it.
  try {
    sessionjwt();
  } catch {
    /* logged by sessionjwt(); every request fails closed */
  }

  return async function sessionjwtMiddleware(request, event) {
    let state;
    let settings;
    try {
      const entry = verifierFor(options);
      settings = entry.options;
      state = entry.verifier.authenticateRequest(request, callOptions(settings));
    } catch (error) {
      return failClosed(error);
    }
    let denied = null;
    let authObject = null;
    const deny = (response) => {
      denied = denied || response;
      throw new ProtectDenied(denied);
    };
    const auth = () => {
      authObject = authObject || state.toAuth();
      return authObject;
    };
    auth.has = (params) => auth().has(params);
    auth.state = state;
    auth.redirectToSignIn = ({ returnBackUrl } = {}) => deny(signInRedirect(request, settings, returnBackUrl));
    auth.protect = (params) => {
      const a = auth();
      if (!a.userId) {
        if (isDocumentRequest(request)) return deny(signInRedirect(request, settings));
        return deny(json(401, { error: 'unauthenticated', reason: state.reason }, { 'www-authenticate': 'Bearer' }));
      }
      if (params !== undefined) {
        const ok = typeof params === 'function' ? params((p) => a.has(p)) : a.has(params);
        if (ok !== true) return deny(json(403, { error: 'forbidden' }));
      }
      return a;
    };
    try {
      const result = handler ? await handler(auth, request, event) : undefined;
      return denied || result;
    } catch (error) {
      if (denied) return denied;
      return failClosed(error);
    }
  };
}

/**
 * The Auth object of a request, synchronously: a route handler's `Request`, a Pages Router
 * `req` / `ctx.req` (IncomingMessage), or the `Headers` of `await headers()` in a server
 * component. The request is authenticated again natively (cheap), so nothing set by the
 * middleware is trusted. `options` default to the environment (see `optionsFromEnv`).
 */
function getAuth(req, options) {
  const entry = verifierFor(options);
  return entry.verifier.authenticateRequest(req, callOptions(entry.options)).toAuth();
}

module.exports = {
  sessionMiddleware,
  createRouteMatcher,
  getAuth,
  optionsFromEnv,
  isDocumentRequest,
  EDGE_MESSAGE,
};
