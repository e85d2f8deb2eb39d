// How fast one matrix product (tfjs's tf.matMul) runs on WebGL and WASM in headless Chromium (the e2e tests' flags),
// in GFLOP/s: what a training step made of such products can reach. WebGL twice: `webgl` with shapes baked into the
// shader, `webgl*` with them as uniforms (WEBGL_USE_SHAPES_UNIFORMS, which the app turns on so that batches of every
// length share one program). README "Why WebGL on SwiftShader stays above 3× wasm on SST-2".
//   node tools/matmulRate.mjs            (after npm ci; needs /usr/bin/chromium or CHROMIUM_PATH)
import fs from 'node:fs';
import http from 'node:http';
import { chromium } from 'playwright';

const flags = fs.readFileSync(new URL('../src/cli/chromiumArgs.ts', import.meta.url), 'utf8').match(/'--[^']+'/g).map((flag) => flag.slice(1, -1));
const modules = new URL('../node_modules/', import.meta.url).pathname;
const files = {
  '/tf.min.js': `${modules}@tensorflow/tfjs/dist/tf.min.js`,
  '/tf-backend-wasm.min.js': `${modules}@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js`,
};
for (const binary of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
  files[`/${binary}`] = `${modules}@tensorflow/tfjs-backend-wasm/dist/${binary}`;
}
const page = '<!doctype html><script src="/tf.min.js"></script><script src="/tf-backend-wasm.min.js"></script>';

// [rows, inner, columns, timed repeats]: a large square product, then SST-2's shapes (T·B positions × E → 4H, and
// one timestep's rows of the batch).
const SHAPES = [
  [1024, 1024, 1024, 5],
  [640, 100, 400, 10],
  [512, 400, 100, 10],
  [32, 100, 400, 20],
];

/** In the page: the best and median of `repeats` products read back, after two untimed. */
async function rate([backend, [rows, inner, columns, repeats], shapesUniforms]) {
  await tf.setBackend(backend);
  await tf.ready();
  tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', shapesUniforms);
  const a = tf.randomNormal([rows, inner]);
  const b = tf.randomNormal([inner, columns]);
  const times = [];
  for (let run = 0; run < repeats + 2; run++) {
    const start = performance.now();
    const product = tf.matMul(a, b);
    await product.data();
    if (run >= 2) times.push(performance.now() - start);
    product.dispose();
  }
  a.dispose();
  b.dispose();
  times.sort((x, y) => x - y);
  return { backend: shapesUniforms && backend === 'webgl' ? 'webgl*' : backend, shape: `${rows}×${inner}×${columns}`, bestMs: times[0], medianMs: times[times.length >> 1], gflops: (2 * rows * inner * columns) / times[0] / 1e6 };
}

const server = http.createServer((request, response) => {
  const file = files[request.url];
  if (request.url === '/') return response.writeHead(200, { 'content-type': 'text/html' }).end(page);
  if (!file) return response.writeHead(404).end();
  response.writeHead(200, { 'content-type': request.url.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' }).end(fs.readFileSync(file));
});
await new Promise((resolve) => server.listen(0, 'localhost', resolve));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: flags });
try {
  const tab = await browser.newPage();
  await tab.goto(`http://localhost:${server.address().port}/`);
  await tab.evaluate(() => tf.wasm.setWasmPaths('/'));
  for (const [backend, shapesUniforms] of [['webgl', false], ['webgl', true], ['wasm', false]]) {
    for (const shape of SHAPES) {
      const result = await tab.evaluate(`(${rate})(${JSON.stringify([backend, shape, shapesUniforms])})`);
      console.log(`${result.backend.padEnd(6)} ${result.shape.padEnd(15)} best ${result.bestMs.toFixed(1).padStart(7)} ms  median ${result.medianMs.toFixed(1).padStart(7)} ms  ${result.gflops.toFixed(2).padStart(6)} GFLOP/s`);
    }
  }
} finally {
  await browser.close();
  server.close();
}
