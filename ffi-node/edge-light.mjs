// sessionjwt/edge for bundlers of edge code (the `edge-light` condition of Next.js / Vercel
// Edge, `workerd` for Cloudflare Workers): these runtimes refuse to compile WebAssembly from
// bytes, so the module is imported precompiled, and loaded before anything else runs.
import wasm from './sessionjwt.wasm?module';
import { initSync } from './edge.mjs';

initSync(wasm);

export * from './edge.mjs';
