/**
 * Compile-time tests of the worker protocol (in the spirit of comlink's tests/type-checks.ts): they
 * fail `tsc -b`, not the test run, when the protocol loses a property the worker and the client rely on.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { assertNever } from './assertNever';
import type { FromWorker, ProgressMessage, ReplyOf, RequestKind, ToWorker, TraceResultMessage } from './protocol';
import type { RequestBody } from './requests';

/** true when T is a union of several types. */
type IsUnion<T, Whole = T> = T extends unknown ? ([Whole] extends [T] ? false : true) : never;
/** The `type` literals used by more than one message of union M (never when each is distinct). */
type SharedTypeLiterals<M extends { type: string }> = {
  [K in M['type']]: true extends IsUnion<Extract<M, { type: K }>> ? K : never;
}[M['type']];
/**
 * Keys of T (at any depth, up to 6 levels: ModelFile's nested number lists are recursive) whose value is
 * a function; never when T is plain data that structured clone copies faithfully.
 */
type FunctionProperties<T, Depth extends unknown[] = []> = Depth['length'] extends 6
  ? never
  : T extends (...args: never[]) => unknown
    ? true
    : T extends string | number | boolean | null | undefined | Blob | Float32Array | Int32Array
      ? never
      : T extends readonly (infer Element)[]
        ? FunctionProperties<Element, [...Depth, unknown]>
        : T extends object
          ? { [K in keyof T]-?: [FunctionProperties<T[K], [...Depth, unknown]>] extends [never] ? never : K }[keyof T]
          : never;

describe('worker protocol types', () => {
  it('gives every message its own type literal, in each direction and across them', () => {
    expectTypeOf<SharedTypeLiterals<ToWorker>>().toEqualTypeOf<never>();
    expectTypeOf<SharedTypeLiterals<FromWorker>>().toEqualTypeOf<never>();
    // A reply can never be mistaken for a command (or the other way round).
    expectTypeOf<Extract<ToWorker['type'], FromWorker['type']>>().toEqualTypeOf<never>();
  });

  it('carries only plain data: no functions, so no tensors, cross the boundary', () => {
    expectTypeOf<FunctionProperties<ToWorker>>().toEqualTypeOf<never>();
    expectTypeOf<FunctionProperties<FromWorker>>().toEqualTypeOf<never>();
    // The high-rate stream uses typed arrays, which travel in the transfer list.
    expectTypeOf<ProgressMessage['trainLoss']>().toEqualTypeOf<Float32Array>();
    expectTypeOf<ProgressMessage['gradNorm']>().toEqualTypeOf<Float32Array>();
  });

  it('tags run events with runId and replies with requestId', () => {
    type RunEvents = Extract<FromWorker, { type: 'built' | 'progress' | 'metrics' | 'status' | 'diverged' }>;
    expectTypeOf<RunEvents['runId']>().toEqualTypeOf<number>();
    type Replies = Extract<FromWorker, { type: `${string}Result` | 'dataReady' | 'gloveProgress' }>;
    expectTypeOf<Replies['requestId']>().toEqualTypeOf<number>();
    type RunCommands = Extract<ToWorker, { type: 'build' | 'start' | 'pause' | 'step' | 'reset' | 'undoReset' | 'import' | 'updateTrainConfig' }>;
    expectTypeOf<RunCommands['runId']>().toEqualTypeOf<number>();
  });

  it('pairs every request (a message with a requestId) with exactly one reply type', () => {
    expectTypeOf<RequestKind>().toEqualTypeOf<Extract<ToWorker, { requestId: number }>['type']>();
    expectTypeOf<ReplyOf<'trace'>>().toEqualTypeOf<TraceResultMessage>();
    expectTypeOf<ReplyOf<RequestKind>['requestId']>().toEqualTypeOf<number>();
    // The request layer makes the id: a call site cannot pass one.
    expectTypeOf<RequestBody<'trace'>>().not.toHaveProperty('requestId');
  });

  it('makes a switch that forgets a message fail to compile', () => {
    expectTypeOf(assertNever).parameter(0).toEqualTypeOf<never>();
    const exhaustive = (message: ToWorker): string => {
      switch (message.type) {
        case 'init':
        case 'setData':
        case 'build':
        case 'start':
        case 'pause':
        case 'step':
        case 'reset':
        case 'undoReset':
        case 'crashForTest':
        case 'loseGpuForTest':
        case 'refuseGpuAdaptersForTest':
        case 'evaluate':
        case 'trace':
        case 'predict':
        case 'import':
        case 'export':
        case 'setBackend':
        case 'loadGlove':
        case 'parseUpload':
        case 'updateTrainConfig':
        case 'buildCharLm':
        case 'sample':
        case 'score':
        case 'traceCharLm':
        case 'importCharLm':
        case 'exportCharLm':
        case 'startMemoryRace':
        case 'stopMemoryRace':
        case 'buildTextLm':
        case 'updateTbptt':
        case 'textActivations':
        case 'textSaliency':
        case 'continueText':
        case 'importTextLm':
        case 'startTaskRace':
        case 'stopTaskRace':
        case 'gradientProfile':
          return message.type;
        default:
          return assertNever(message);
      }
    };
    const forgetful = (message: FromWorker): string => {
      switch (message.type) {
        case 'progress':
          return 'progress';
        default:
          // @ts-expect-error — every other FromWorker message reaches here, so this is not `never`.
          return assertNever(message);
      }
    };
    expectTypeOf(exhaustive).returns.toEqualTypeOf<string>();
    expectTypeOf(forgetful).returns.toEqualTypeOf<string>();
  });
});
