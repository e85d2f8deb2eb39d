/**
 * Train a character LM for all its epochs and test the best-validation weights: the one loop behind
 * `npm run train -- --task names-gen` (Node) and `npm run bench -- --generator` (a browser worker), so the
 * two report figures measured the same way. Per epoch: the training NLL per character (mean over the
 * epoch's batches, diverged steps left out), the validation NLL; the weights of the best validation epoch
 * are kept (as a model file) and tested at the end.
 */
import { charLmSessionFromFile } from './charLmSession';
import type { CharLmSession, StepOutcome } from './session';
import type { CharLmModelFile, LmMetrics } from './types';

/** `nll/char 1.9512 ppl 7.04 bits/char 2.815` for one split: the line both the CLI and the bench print. */
export function describeLmMetrics(metrics: Pick<LmMetrics, 'nllPerChar' | 'perplexity' | 'bitsPerChar'>): string {
  return `nll/char ${metrics.nllPerChar.toFixed(4)} ppl ${metrics.perplexity.toFixed(2)} bits/char ${metrics.bitsPerChar.toFixed(3)}`;
}

/** One finished epoch. `seconds` is wall time since the run started (evaluation included). */
export interface CharLmEpochReport {
  epoch: number;
  trainNllPerChar: number;
  val: LmMetrics;
  seconds: number;
}

export interface CharLmRunHooks {
  /** After every step (progress bars); `seconds` as in CharLmEpochReport. */
  onStep?(outcome: StepOutcome, seconds: number): void;
  /** After each epoch's validation, before the next epoch starts (samples may be drawn from `session`). */
  onEpoch?(report: CharLmEpochReport, session: CharLmSession): Promise<void> | void;
  /** The best epoch was not the last: its weights are reopened for the test. */
  onKeepBest?(epoch: number, valNllPerChar: number): void;
}

export interface CharLmRunResult {
  test: LmMetrics;
  /** The best validation epoch (1-based) and its NLL; null when no epoch ended (no training data). */
  best: { epoch: number; valNllPerChar: number } | null;
  /** The weights tested: the best epoch's, else the last. */
  file: CharLmModelFile;
  epochs: CharLmEpochReport[];
  /** Wall time of the whole run, evaluations included. */
  seconds: number;
  /** Time spent in training steps only. */
  trainingMs: number;
  divergedSteps: number;
}

/** Runs `session` to its `totalSteps`, then tests; disposes `session` (and the reopened best one). */
export async function trainCharLmToEnd(session: CharLmSession, dataset: Parameters<typeof charLmSessionFromFile>[1], hooks: CharLmRunHooks = {}): Promise<CharLmRunResult> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const epochs: CharLmEpochReport[] = [];
  let trainingMs = 0;
  let divergedSteps = 0;
  let best: { valNllPerChar: number; epoch: number; file: CharLmModelFile } | null = null;
  let epochLossSum = 0;
  let epochBatches = 0;
  let tested = session;
  try {
    while (session.step < session.totalSteps) {
      const stepStart = performance.now();
      const outcome = await session.trainStep();
      trainingMs += performance.now() - stepStart;
      if (outcome.diverged) {
        divergedSteps++;
      } else {
        epochLossSum += outcome.loss;
        epochBatches++;
      }
      hooks.onStep?.(outcome, elapsed());
      if (!outcome.epochEnded) continue;
      const val = await session.evaluate('val');
      const report: CharLmEpochReport = {
        epoch: outcome.epoch + 1,
        trainNllPerChar: epochBatches === 0 ? Number.NaN : epochLossSum / epochBatches,
        val,
        seconds: elapsed(),
      };
      epochs.push(report);
      await hooks.onEpoch?.(report, session);
      epochLossSum = 0;
      epochBatches = 0;
      if (!best || val.nllPerChar < best.valNllPerChar) best = { valNllPerChar: val.nllPerChar, epoch: report.epoch, file: await session.exportFile() };
    }
    const seconds = elapsed();
    if (best && best.epoch !== epochs.length) {
      tested = charLmSessionFromFile(best.file, dataset, session.train);
      hooks.onKeepBest?.(best.epoch, best.valNllPerChar);
    }
    const test = await tested.evaluate('test');
    const file = best?.file ?? (await tested.exportFile());
    return { test, best: best && { epoch: best.epoch, valNllPerChar: best.valNllPerChar }, file, epochs, seconds, trainingMs, divergedSteps };
  } finally {
    if (tested !== session) tested.dispose();
    session.dispose();
  }
}
