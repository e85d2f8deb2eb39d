import { describe, expect, it } from 'vitest';
import type { ToWorker } from './protocol';
import { RequestChannel, WorkerError, WorkerRestartedError } from './requests';

function channel() {
  const sent: ToWorker[] = [];
  return { sent, requests: new RequestChannel((message) => sent.push(message)) };
}

const metrics = { split: 'val' as const, loss: 1, accuracy: 0.5, macroAccuracy: 0.5, confusion: [1, 0, 0, 1], count: 2 };

describe('RequestChannel', () => {
  it('makes a fresh id per request and resolves each with its own reply', async () => {
    const { sent, requests } = channel();
    const first = requests.request({ type: 'evaluate', split: 'val' });
    const second = requests.request({ type: 'predict', texts: ['ab'], k: 1 });
    const [a, b] = sent as Extract<ToWorker, { requestId: number }>[];
    expect(a.requestId).not.toBe(b.requestId);
    expect(requests.receive({ type: 'predictResult', requestId: b.requestId, predictions: [] })).toBe(true);
    expect(requests.receive({ type: 'evaluateResult', requestId: a.requestId, metrics })).toBe(true);
    expect((await first).metrics).toBe(metrics);
    expect((await second).predictions).toEqual([]);
    expect(requests.pendingCount).toBe(0);
  });

  it('rejects a reply of the wrong kind instead of handing it to the caller', async () => {
    const { sent, requests } = channel();
    const tracing = requests.request({ type: 'trace', text: 'ab', targetClass: null });
    const { requestId } = sent[0] as Extract<ToWorker, { type: 'trace' }>;
    requests.receive({ type: 'predictResult', requestId, predictions: [] });
    await expect(tracing).rejects.toThrow('The worker answered a trace request with predictResult.');
    expect(requests.pendingCount).toBe(0);
  });

  it("rejects on the worker's error reply with its message and place", async () => {
    const { sent, requests } = channel();
    const opening = requests.request({ type: 'import', runId: 3, file: new Blob(['{}']) });
    const { requestId } = sent[0] as Extract<ToWorker, { type: 'import' }>;
    requests.receive({ type: 'error', requestId, runId: 3, where: 'import', error: { name: 'ModelFileError', message: 'missing key' } });
    const error = await opening.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerError);
    expect(error).toMatchObject({ where: 'import', name: 'ModelFileError', message: 'missing key' });
  });

  it('says which error replies belong to a caller that shows its failures itself', async () => {
    const { sent, requests } = channel();
    const scoring = requests.request({ type: 'score', items: [] }, { showsOwnError: true });
    const predicting = requests.request({ type: 'predict', texts: ['ab'], k: 1 });
    const [score, predict] = sent as Extract<ToWorker, { requestId: number }>[];
    const failed = (requestId: number) => ({ type: 'error' as const, requestId, where: 'predict' as const, error: { name: 'Error', message: 'no' } });
    expect(requests.isShownByCaller(failed(score.requestId))).toBe(true);
    expect(requests.isShownByCaller(failed(predict.requestId))).toBe(false);
    expect(requests.isShownByCaller({ type: 'scoreResult', requestId: score.requestId, scored: [] })).toBe(false);
    requests.receive(failed(score.requestId));
    requests.receive(failed(predict.requestId));
    await expect(scoring).rejects.toThrow('no');
    await expect(predicting).rejects.toThrow('no');
    expect(requests.isShownByCaller(failed(score.requestId))).toBe(false);
  });

  it('passes progress to its own request only, and ignores replies nobody waits for', async () => {
    const { sent, requests } = channel();
    const seen: number[] = [];
    const loading = requests.request({ type: 'loadGlove', file: new File(['x'], 'g.txt') }, { onProgress: (message) => seen.push(message.bytesRead) });
    const { requestId } = sent[0] as Extract<ToWorker, { type: 'loadGlove' }>;
    expect(requests.receive({ type: 'gloveProgress', requestId: requestId + 7, bytesRead: 9, totalBytes: 10 })).toBe(false);
    requests.receive({ type: 'gloveProgress', requestId, bytesRead: 5, totalBytes: 10 });
    requests.receive({ type: 'gloveResult', requestId, dimension: 3, found: 1, vocabSize: 2 });
    expect((await loading).found).toBe(1);
    expect(seen).toEqual([5]);
    expect(requests.receive({ type: 'gloveResult', requestId, dimension: 3, found: 1, vocabSize: 2 })).toBe(false);
  });

  it('rejects every pending request when the worker restarts', async () => {
    const { requests } = channel();
    const pending = [requests.request({ type: 'export' }), requests.request({ type: 'evaluate', split: 'test' })];
    requests.rejectAll(new WorkerRestartedError('it crashed'));
    for (const request of pending) await expect(request).rejects.toBeInstanceOf(WorkerRestartedError);
    expect(requests.pendingCount).toBe(0);
  });
});
