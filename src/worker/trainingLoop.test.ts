import { describe, expect, it } from 'vitest';
import type { FromWorker } from './protocol';
import { FakeSession, Gate, ManualClock, TEST_TRAIN, messagesOf, progressSteps, waitUntil, yieldImmediately } from './testing/fakeSession';
import type { FakeSessionOptions } from './testing/fakeSession';
import { LIVE_EVALUATION, NoModelError, TrainingLoop } from './trainingLoop';
import type { TrainingLoopOptions } from './trainingLoop';

const RUN = 7;

async function setUp(options: FakeSessionOptions = {}, loopOptions: Pick<TrainingLoopOptions, 'liveEvaluation'> = {}) {
  const clock = new ManualClock();
  const messages: FromWorker[] = [];
  const transfers: Transferable[][] = [];
  const loop = new TrainingLoop({
    post: (message, transfer) => {
      messages.push(message);
      transfers.push(transfer ?? []);
    },
    yieldToEventLoop: yieldImmediately,
    now: clock.now,
    progressIntervalMs: 200,
    ...loopOptions,
  });
  const session = new FakeSession({ clock, stepMs: 10, ...options });
  await loop.install(session, RUN);
  /** Wait until the loop has stopped stepping (status no longer 'training' and the driver gone). */
  const settled = async () => {
    await waitUntil(() => loop.status !== 'training', 'the loop to stop');
    await loop.whenIdle();
  };
  return { clock, messages, transfers, loop, session, settled };
}

describe('TrainingLoop', () => {
  it('throttles progress by time: every step reported once, in order, in few messages', async () => {
    const { loop, session, messages, transfers, settled } = await setUp({ train: { ...TEST_TRAIN, epochs: 100 }, stepsPerEpoch: 1000 });
    loop.step(RUN, 100);
    await settled();

    expect(session.step).toBe(100);
    const steps = progressSteps(messages).map((pair) => pair.step);
    expect(steps).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
    const progress = messagesOf(messages, 'progress');
    // 100 steps × 10 ms at one message per 200 ms: the first at once, then ~every 20 steps, plus the final flush.
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.length).toBeLessThanOrEqual(7);
    expect(progress.at(-1)).toMatchObject({ runId: RUN, status: 'paused', step: 100, stepsPerSecond: 100 });
    // The loss arrays travel in the transfer list, not copied.
    const progressIndex = messages.indexOf(progress[1]);
    expect(transfers[progressIndex]).toContain(progress[1].trainLoss.buffer);
    expect(transfers[progressIndex]).toContain(progress[1].gradNorm.buffer);
    expect(Array.from(progress[1].gradNorm.subarray(0, 2))).toEqual([progress[1].trainLoss[0], Math.fround(2 * progress[1].trainLoss[1])]);
  });

  it('step N runs exactly N batches, then pauses and says so', async () => {
    const { loop, session, messages, settled } = await setUp();
    loop.step(RUN, 3);
    await settled();
    expect(session.calls.filter((call) => call.startsWith('trainStep'))).toEqual(['trainStep:1', 'trainStep:2', 'trainStep:3']);
    expect(messagesOf(messages, 'status').map((message) => message.status)).toEqual(['training', 'paused']);
    expect(loop.status).toBe('paused');
  });

  it('pause stops between steps; the step in flight still reports', async () => {
    const { loop, session, messages, settled } = await setUp({ train: { ...TEST_TRAIN, epochs: 100 } });
    loop.start(RUN);
    await waitUntil(() => session.step >= 4, 'four steps');
    session.gate = new Gate();
    await waitUntil(() => session.calls.at(-1) === `trainStep:${session.step + 1}`, 'a step in flight');
    const inFlight = session.step + 1;
    loop.pause(RUN);
    session.gate.open();
    await settled();
    await waitUntil(() => progressSteps(messages).at(-1)?.step === inFlight, 'the last step to be reported');
    for (let turn = 0; turn < 20; turn++) await yieldImmediately();
    expect(session.step).toBe(inFlight);
    expect(messagesOf(messages, 'progress').at(-1)?.status).toBe('paused');
  });

  it('ignores controls for an older run', async () => {
    const { loop, session, messages } = await setUp();
    loop.start(RUN - 1);
    loop.step(RUN - 1, 5);
    await loop.reset(RUN - 1);
    for (let turn = 0; turn < 10; turn++) await yieldImmediately();
    expect(session.calls).toEqual([]);
    expect(messages).toEqual([]);
    expect(loop.status).toBe('ready');
  });

  it('evaluates val at each epoch end and test at the end of the run, then refuses to go on', async () => {
    const { loop, session, messages, settled } = await setUp({ stepsPerEpoch: 5, train: { ...TEST_TRAIN, epochs: 2 } });
    loop.start(RUN);
    await settled();
    expect(session.calls.filter((call) => call.startsWith('evaluate'))).toEqual(['evaluate:val', 'evaluate:val', 'evaluate:test']);
    const metrics = messagesOf(messages, 'metrics');
    expect(metrics.map((message) => [message.metrics.split, message.step, message.epoch])).toEqual([
      ['val', 5, 0],
      ['val', 10, 1],
      ['test', 10, 1],
    ]);
    expect(metrics[0].mistakes).toEqual({ '1:0': ['ba'] });
    const done = messagesOf(messages, 'status').at(-1);
    expect(done).toMatchObject({ status: 'done', message: 'Training finished.' });
    // The epoch's last loss is posted before its evaluation, so the curve and the metric line up.
    const lastProgressIndex = messages.findLastIndex((message) => message.type === 'progress');
    expect(lastProgressIndex).toBeLessThan(messages.indexOf(metrics[1]));

    loop.start(RUN);
    expect(messagesOf(messages, 'status').at(-1)).toMatchObject({ status: 'done', reason: 'run-finished' });
    expect(loop.status).toBe('done');

    // Asking for more epochs reopens the run where it stopped.
    await loop.updateTrainConfig(RUN, { ...TEST_TRAIN, epochs: 3 });
    expect(messagesOf(messages, 'status').at(-1)).toMatchObject({ status: 'paused', message: 'The run now has 3 epochs; press Play to go on.' });
    loop.step(RUN, 1);
    await settled();
    expect(session.step).toBe(11);

    // 4 epochs while paused: the new length is shown at once, not at the next step.
    await loop.updateTrainConfig(RUN, { ...TEST_TRAIN, epochs: 4 });
    expect(messagesOf(messages, 'progress').at(-1), 'the progress after more epochs while paused').toMatchObject({ step: 11, totalSteps: 20, status: 'paused' });

    // Back to 2 epochs, paused at step 11: the run is over at its new length, shown and tested at once.
    await loop.updateTrainConfig(RUN, { ...TEST_TRAIN, epochs: 2 });
    await settled();
    expect(messagesOf(messages, 'progress').at(-1), 'the progress after fewer epochs').toMatchObject({ step: 11, totalSteps: 10, status: 'done' });
    expect(messagesOf(messages, 'metrics').at(-1)?.metrics.split, 'the run tested at its new length').toBe('test');
    expect(messagesOf(messages, 'metrics').at(-1)?.step).toBe(11);
    expect(messagesOf(messages, 'status').at(-1)).toMatchObject({ status: 'done', message: 'Training finished.' });
  });

  it('a non-finite loss pauses, reports the rollback in the lecture\'s words, and keeps NaN out of the curve', async () => {
    const { loop, messages, settled } = await setUp({
      train: { ...TEST_TRAIN, epochs: 100 },
      lossAt: (step) => (step === 7 ? NaN : 1),
      checkpointStep: 5,
    });
    loop.start(RUN);
    await settled();
    expect(loop.status).toBe('diverged');
    const [diverged] = messagesOf(messages, 'diverged');
    expect(diverged).toMatchObject({ runId: RUN, step: 7, restoredStep: 5 });
    expect(diverged.loss).toBeNaN();
    expect(messagesOf(messages, 'status').at(-1)).toMatchObject({
      status: 'diverged',
      message:
        'The loss became NaN: the gradients exploded. Training is paused and the weights are back at step 5. Try gradient clipping (e.g. 1.0) or a lower learning rate.',
    });
    expect(progressSteps(messages).map((pair) => pair.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(loop.currentStep).toBe(5);
  });

  it('with clipping already on, a divergence suggests a lower rate or a smaller threshold', async () => {
    const { loop, messages, settled } = await setUp({
      train: { ...TEST_TRAIN, epochs: 100, clipNorm: 5 },
      lossAt: (step) => (step === 2 ? Infinity : 1),
    });
    loop.start(RUN);
    await settled();
    expect(messagesOf(messages, 'status').at(-1)?.message).toMatch(/became infinite.*lower learning rate \(now 0.01\).*smaller clipping threshold \(now 5\)/);
  });

  it('an exception in a step pauses and is reported with where=train', async () => {
    const { loop, messages, settled } = await setUp({ failAt: { step: 3, error: new RangeError('out of memory') } });
    loop.start(RUN);
    await settled();
    expect(loop.status).toBe('paused');
    const [error] = messagesOf(messages, 'error');
    expect(error).toMatchObject({ runId: RUN, where: 'train', error: { name: 'RangeError', message: 'out of memory' } });
    expect(messagesOf(messages, 'status').at(-1)?.message).toBe('Training stopped because of an error: out of memory');
  });

  it('reset during a step in flight drops that step and starts again at 0', async () => {
    const { loop, session, messages } = await setUp({ train: { ...TEST_TRAIN, epochs: 100 } });
    loop.start(RUN);
    await waitUntil(() => session.step >= 3, 'three steps');
    session.gate = new Gate();
    await waitUntil(() => session.calls.at(-1) === `trainStep:${session.step + 1}`, 'a step in flight');
    const resetDone = loop.reset(RUN);
    const countBefore = messages.length;
    session.gate.open();
    await resetDone;
    const after = messages.slice(countBefore);
    expect(session.calls.at(-1)).toBe('reset');
    expect(after.map((message) => message.type)).toEqual(['status', 'progress']);
    expect(after[1]).toMatchObject({ status: 'ready', step: 0 });
    expect((after[1] as Extract<FromWorker, { type: 'progress' }>).trainLoss).toHaveLength(0);
  });

  it('undoReset puts the step back and pauses there; after a trained step it does nothing', async () => {
    const { loop, session, messages } = await setUp({ train: { ...TEST_TRAIN, epochs: 100 } });
    loop.step(RUN, 5);
    await loop.whenIdle();
    await loop.reset(RUN);
    expect(loop.currentStep).toBe(0);
    await loop.undoReset(RUN);
    expect(loop.currentStep).toBe(5);
    expect(loop.status).toBe('paused');
    expect(messagesOf(messages, 'progress').at(-1)).toMatchObject({ status: 'paused', step: 5 });
    await loop.reset(RUN);
    loop.step(RUN, 1);
    await loop.whenIdle();
    await loop.undoReset(RUN);
    expect(session.step).toBe(1);
    expect(loop.currentStep).toBe(1);
  });

  it('requests wait for the step in flight (a trace never sees half an update)', async () => {
    const { loop, session } = await setUp({ train: { ...TEST_TRAIN, epochs: 100 } });
    session.gate = new Gate();
    loop.start(RUN);
    await waitUntil(() => session.calls.length === 1, 'the first step in flight');
    const trace = loop.exclusive((current) => current.trace('ab', null));
    for (let turn = 0; turn < 5; turn++) await yieldImmediately();
    expect(session.calls).toEqual(['trainStep:1']);
    session.gate.open();
    await trace;
    expect(session.calls.slice(0, 2)).toEqual(['trainStep:1', 'trace:ab']);
    loop.pause(RUN);
  });

  it('install replaces and disposes the previous session only after its step finished', async () => {
    const { loop, session } = await setUp({ train: { ...TEST_TRAIN, epochs: 100 } });
    session.gate = new Gate();
    loop.start(RUN);
    await waitUntil(() => session.calls.length === 1, 'a step in flight');
    const next = new FakeSession();
    const installed = loop.install(next, RUN + 1);
    expect(session.isDisposed).toBe(false);
    session.gate.open();
    await installed;
    expect(session.isDisposed).toBe(true);
    expect(loop).toMatchObject({ runId: RUN + 1, status: 'ready', currentStep: 0 });
  });

  it('a step offset carries the count on across a re-opened session', async () => {
    const { loop, messages, settled } = await setUp();
    await loop.install(new FakeSession({ stepsPerEpoch: 10 }), RUN, { stepOffset: 8, status: 'paused' });
    loop.step(RUN, 3);
    await settled();
    expect(progressSteps(messages).map((pair) => pair.step)).toEqual([9, 10, 11]);
    const [metrics] = messagesOf(messages, 'metrics');
    expect(metrics).toMatchObject({ step: 10, epoch: 0 });
    expect(messagesOf(messages, 'progress').at(-1)).toMatchObject({ step: 11, epoch: 1 });
  });

  it('without a model, controls say what to do and requests reject with NoModelError', async () => {
    const { loop, messages } = await setUp();
    await loop.install(null, RUN + 1);
    loop.start(RUN + 1);
    expect(messagesOf(messages, 'status').at(-1)?.message).toMatch(/build one/);
    await expect(loop.exclusive((session) => session.exportFile())).rejects.toBeInstanceOf(NoModelError);
  });

  describe('live validation sample between epochs', () => {
    it('evaluates the fixed sample every intervalMs of training, after posting the steps it follows', async () => {
      // One long epoch: 600 steps × 10 ms = 6 s, so the default 2.5 s interval gives samples near 2.5 s and 5 s.
      const { loop, session, messages, settled } = await setUp({ train: { ...TEST_TRAIN, epochs: 1 }, stepsPerEpoch: 1000 });
      loop.step(RUN, 600);
      await settled();
      const samples = messagesOf(messages, 'metrics').filter((message) => message.scope === 'subset');
      expect(samples.map((message) => message.step)).toEqual([250, 500]);
      expect(samples.every((message) => message.metrics.count === LIVE_EVALUATION.subsetSize && message.metrics.split === 'val')).toBe(true);
      expect(session.calls.filter((call) => call.startsWith('evaluate'))).toEqual(['evaluate:val:512', 'evaluate:val:512']);
      // The loss curve already reaches the step a sample is drawn at.
      for (const sample of samples) {
        const before = messages.slice(0, messages.indexOf(sample));
        expect(progressSteps(before).at(-1)?.step).toBe(sample.step);
      }
    });

    it('keeps the full validation at every epoch end and never samples on top of it', async () => {
      const { loop, messages, settled } = await setUp(
        { train: { ...TEST_TRAIN, epochs: 3 }, stepsPerEpoch: 100 },
        { liveEvaluation: { ...LIVE_EVALUATION, intervalMs: 400 } },
      );
      loop.start(RUN);
      await settled();
      const metrics = messagesOf(messages, 'metrics').map((message) => `${message.scope}:${message.metrics.split}:${message.step}`);
      // 10 ms a step: a sample 400 ms (40 steps) after Play or after the last evaluation, full val at 100/200/300.
      expect(metrics).toEqual([
        'subset:val:40', 'subset:val:80', 'full:val:100',
        'subset:val:140', 'subset:val:180', 'full:val:200',
        'subset:val:240', 'subset:val:280', 'full:val:300', 'full:test:300',
      ]);
    });

    it('spends at most a tenth of the time evaluating when the sample is slow', async () => {
      // A sample that takes 1 s, asked for every 0.5 s: the gap stretches to 9 × 1 s of training.
      const { clock, loop, session, messages, settled } = await setUp(
        { train: { ...TEST_TRAIN, epochs: 1 }, stepsPerEpoch: 400, stepMs: 100, sampleEvaluationMs: 1000 },
        { liveEvaluation: { ...LIVE_EVALUATION, intervalMs: 500 } },
      );
      loop.step(RUN, 300);
      await settled();
      const samples = session.calls.filter((call) => call === 'evaluate:val:512').length;
      // 30 s of training: samples after 0.5 s and 1 s (the first one's cost is warm-up and does not count), then one
      // per 9 s of training: 10, 19 and 28 s.
      expect(samples).toBe(5);
      // Past the first sample, at least 9 s of training (90 steps of 100 ms) per 1 s sample: a tenth of the time.
      const steps = messagesOf(messages, 'metrics').filter((message) => message.scope === 'subset').map((message) => message.step);
      expect(steps).toEqual([5, 10, 100, 190, 280]);
      expect(clock.time).toBe(300 * 100 + samples * 1000);
    });

    it('can be turned off, and does not sample while stepping by hand from a pause', async () => {
      const off = await setUp({ train: { ...TEST_TRAIN, epochs: 1 }, stepsPerEpoch: 1000 }, { liveEvaluation: null });
      off.loop.step(RUN, 600);
      await off.settled();
      expect(off.session.calls.some((call) => call.startsWith('evaluate'))).toBe(false);

      const byHand = await setUp({ train: { ...TEST_TRAIN, epochs: 1 }, stepsPerEpoch: 1000 });
      for (let press = 0; press < 5; press++) {
        byHand.clock.advance(5000); // the student thinks between presses: paused time is not training time
        byHand.loop.step(RUN, 1);
        await byHand.settled();
      }
      expect(byHand.session.calls.some((call) => call.startsWith('evaluate'))).toBe(false);
    });
  });
});
