/**
 * W_hhᵀ `[H, G]` copied into an rgba32float texture for the sequence kernels, which read it every step of every
 * sequence. Why: Chromium's SwiftShader (the WebGPU of machines without a GPU) loads a storage-buffer element
 * whose index is not a compile-time constant with one branch and one scalar load per SIMD lane, so a vec4 of
 * weights costs sixteen of each; a texel fetch is one 16-byte load per lane. A names-LSTM forward loop read its
 * weights in 34.5 ms from a texture against 53.1 from storage (a standalone copy of the loop in Chromium, T 8,
 * B 64, H 128, best of 12). The copy is one dispatch over G·H/4 texels per kernel call, which only long
 * sequences repay (sequenceKernel.ts's WEIGHT_TEXTURE_MIN_STEPS).
 *
 * Two layouts, each giving one kernel's four weights in one texel:
 *  - `columns` (forward: unit j's weights for four consecutive k): texel (c, q) = W[4q … 4q+3][c], G × ⌈H/4⌉;
 *  - `rows` (BPTT's ∂h_{t−1}[k]: four consecutive columns of row k): texel (q, k) = W[k][4q … 4q+3], ⌈G/4⌉ × H.
 * Entries past H or G are 0, so the kernels' vec4-padded loops add nothing for them.
 *
 * The texture lives in a tensor's data like a buffer (tfjs-backend-webgpu 4.x binds a GPUTexture resource as a
 * texture view, as for its own imported images), marked external so that tfjs leaves it alone on disposal (its
 * texture pool knows only rgba8unorm). One texture per device and size serves every call: WebGPU runs the
 * recorded copies and kernels in order, so a layer's kernel reads its own W_hh before the next copy overwrites it.
 */
import type * as tf from '@tensorflow/tfjs';
import { recordShader, type WebGpuBackendInternals } from './ownShader';

export type WeightTextureLayout = 'columns' | 'rows';

/** The backend members used here, beyond those of ownShader.ts. */
interface TextureInternals extends WebGpuBackendInternals {
  tensorMap: { get(dataId: tf.DataId): { resource: unknown; external?: boolean } | undefined };
}

const textures = new WeakMap<GPUDevice, Map<string, GPUTexture>>();

/** The device's texture of this size, made on first use. */
function textureOf(device: GPUDevice, width: number, height: number): GPUTexture {
  let bySize = textures.get(device);
  if (!bySize) {
    bySize = new Map();
    textures.set(device, bySize);
  }
  const key = `${width}x${height}`;
  let texture = bySize.get(key);
  if (!texture) {
    texture = device.createTexture({ size: [width, height], format: 'rgba32float', usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.STORAGE_BINDING });
    bySize.set(key, texture);
  }
  return texture;
}

const THREADS = 64;

/** The texture's width and height in texels for W_hhᵀ of `hidden` rows and `gates` columns. */
export function weightTextureSize(hidden: number, gates: number, layout: WeightTextureLayout): [number, number] {
  return layout === 'columns' ? [gates, Math.ceil(hidden / 4)] : [Math.ceil(gates / 4), hidden];
}

function packShader(hidden: number, gates: number, layout: WeightTextureLayout): string {
  const [width, height] = weightTextureSize(hidden, gates, layout);
  const entry = (i: number) =>
    layout === 'columns'
      ? `select(0.0, kernelHh[min(4 * y + ${i}, H - 1) * G + x], 4 * y + ${i} < H)`
      : `select(0.0, kernelHh[y * G + min(4 * x + ${i}, G - 1)], 4 * x + ${i} < G)`;
  return `
@group(0) @binding(0) var result : texture_storage_2d<rgba32float, write>;
@group(0) @binding(1) var<storage, read> kernelHh : array<f32>;
// tfjs's shape uniforms: bound by recordAndSubmit, not needed here.
@group(0) @binding(2) var<uniform> tfjsUniforms : vec2<f32>;
const H = ${hidden};
const G = ${gates};

@compute @workgroup_size(${THREADS}, 1, 1)
fn main(@builtin(global_invocation_id) id : vec3<u32>) {
  _ = tfjsUniforms;
  let x = i32(id.x);
  let y = i32(id.y);
  if (x < ${width} && y < ${height}) {
    textureStore(result, vec2<i32>(x, y), vec4<f32>(${[0, 1, 2, 3].map(entry).join(', ')}));
  }
}
`;
}

/** Record the copy of `kernelHh` `[H, G]` into the texture of `layout`; the caller disposes the tensor (not the texture). */
export function weightTexture(backend: unknown, kernelHh: tf.TensorInfo, layout: WeightTextureLayout): tf.TensorInfo {
  const gpu = backend as TextureInternals;
  const [hidden, gates] = kernelHh.shape;
  const [width, height] = weightTextureSize(hidden, gates, layout);
  const texture = gpu.makeTensorInfo([height, width, 4], 'float32');
  const data = gpu.tensorMap.get(texture.dataId);
  if (!data) throw new Error('tfjs made a tensor it does not know.');
  data.resource = textureOf(gpu.device, width, height);
  data.external = true;
  recordShader(backend, packShader(hidden, gates, layout), [Math.ceil(width / THREADS), height, 1], texture, [kernelHh]);
  return texture;
}
