/**
 * URLs of the tfjs WebAssembly binaries as the bundler emitted them (browser only: `?url` is a Vite
 * feature, so the CLI and unit tests never import this file; in Node tfjs finds the binaries itself).
 *
 * Why a URL map instead of tfjs's default: by default tfjs fetches the binaries from a CDN beside its
 * script, which the Content-Security-Policy (only the app's own origin) forbids and which breaks
 * under the GitHub Pages sub-path. Vite copies each file into the build with a hashed name and gives
 * the URL under the configured base, so `setWasmPaths(wasmBinaryUrls)` works wherever the app is served.
 */
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { WasmBinaryName } from './backendStart';

export const wasmBinaryUrls: Record<WasmBinaryName, string> = {
  'tfjs-backend-wasm.wasm': plainUrl,
  'tfjs-backend-wasm-simd.wasm': simdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl,
};
