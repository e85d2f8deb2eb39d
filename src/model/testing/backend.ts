/**
 * Test helper: put tfjs on the WASM backend (what the CLI uses in Node) or on 'cpu' (the reference
 * kernels, used to prove our hand-written gradients equal the plain ones).
 */
export { useNodeBackend } from '../nodeBackend';
