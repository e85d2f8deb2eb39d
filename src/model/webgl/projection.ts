/**
 * A layer's input projection on WebGL, `rows [N, E] · kernel [E, G] + bias [G]`, whose weight gradients are
 * the row sums of rowSums.ts (one draw each, the same shader for every N) instead of tfjs's matmul over N and
 * its bias reduction, which compiled afresh for each new batch length. The forward product and ∂rows keep
 * tfjs's packed matmul: their summed dimension is E or G, fixed for a model.
 */
import * as tf from '@tensorflow/tfjs';
import { NO_ROW, lookupRowsWebGl } from './rowLookup';
import { columnSumsWebGl, rowProductsWebGl } from './rowSums';

/** `rows [N, E] · kernel [E, G]`, ∂kernel a row product (one shader for every N), ∂rows tfjs's matmul by kernelᵀ. */
function rowsTimesKernelWebGl(rows: tf.Tensor2D, kernel: tf.Tensor2D): tf.Tensor2D {
  const product = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, weights, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    // Everything the backward pass reads must be saved: the forward scope's other tensors are disposed.
    save([input, weights]);
    return {
      value: tf.matMul(input, weights) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedWeights] = saved as tf.Tensor2D[];
        return [tf.matMul(dy as tf.Tensor2D, savedWeights, false, true), rowProductsWebGl(savedInput, dy)];
      },
    };
  });
  return product(rows, kernel) as tf.Tensor2D;
}

/** `x [N, G] + bias [G]`, the bias's gradient a column sum (one shader for every N). */
function addRowBiasWebGl(x: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  const add = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [values, offsets] = args as [tf.Tensor2D, tf.Tensor1D];
    return { value: tf.add(values, offsets) as tf.Tensor, gradFunc: (dy: tf.Tensor) => [dy, columnSumsWebGl(dy)] };
  });
  return add(x, bias) as tf.Tensor2D;
}

/** `rows [N, E] · kernel [E, G] + bias [G]` with the weight gradients above. */
export function projectRowsWebGl(rows: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return addRowBiasWebGl(rowsTimesKernelWebGl(rows, kernel), bias);
}

/**
 * The projection of a one-hot input (a character model's first layer), `ids [N]` over `width` symbols: row
 * `ids[n]` of `kernel [width, G]` plus the bias, a lookup rather than a product with mostly zeros; ids outside
 * [0, width) (padding) project to the bias alone, as their all-zero one-hot rows would. ∂kernel sums each
 * symbol's ∂y rows (rowLookup.ts); no gradient is formed for the input, which is data.
 */
export function projectOneHotWebGl(ids: Int32Array, width: number, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  const slots = ids.map((id) => (id >= 0 && id < width ? id : NO_ROW));
  return addRowBiasWebGl(lookupRowsWebGl(kernel, slots), bias);
}

/**
 * Layer 0's input as rows of a table (recurrentLayer.ts's `TableInput`): the table's rows projected, then looked
 * up by slot, `x·W + b = (table·W)[slots] + b`. The products run over the table's rows instead of T·B positions.
 */
export function projectTableWebGl(table: tf.Tensor2D, slots: Int32Array, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return addRowBiasWebGl(lookupRowsWebGl(rowsTimesKernelWebGl(table, kernel), slots), bias);
}
