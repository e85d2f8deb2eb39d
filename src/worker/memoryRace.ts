/**
 * Runs a race of 2–4 memory-lab sessions side by side, interleaved step by step (member 0's step t, member
 * 1's step t, …) so their curves advance together and none gets ahead on a slow machine. Every member
 * draws the same training batches (same seed) and is scored on the same held-out set. The race yields to
 * the event loop between steps so a stop message is handled at once. A member whose loss or gradient norm
 * stops being a number (NaN or Infinity: exploded gradients) stops there, as the Train screen pauses such a
 * run; the others carry on, and its curve up to that step stays in the record.
 */
import { MemorySession, type MemoryTrainConfig } from '../model/memorySession';
import type { MemoryTrainDefaults } from '../model/taskDefaults';
import type { MemoryModelConfig } from '../model/types';
import { REMEMBERED_ACCURACY, sharedDescription, type RaceEvent, type RaceInsight, type RaceMemberRecord, type RaceMemberSpec, type RaceRecord } from './raceRecord';

export type { RaceEvent } from './raceRecord';

/** The most members a race draws legibly (and trains in reasonable time). */
export const MAX_RACE_MEMBERS = 4;

/** What a race computes besides training and scoring. */
export interface RaceOptions {
  /**
   * Held-out sequences on which each evaluation also measures ‖∂L/∂h_t‖ per step and gate saturation
   * (MemorySession.insight: about one extra training step's work at 64); 0 = none (accuracy sweeps).
   */
  insightSize: number;
}

/** What the runner needs from outside: a session factory (tests pass fakes), the yield and a clock. */
export interface RaceEnvironment {
  createSession(model: MemoryModelConfig, train: MemoryTrainConfig): Pick<MemorySession, 'trainStep' | 'evaluate' | 'insight' | 'dispose' | 'chance'>;
  yieldToEventLoop(): Promise<void>;
  now(): number;
}

export const defaultRaceEnvironment: Omit<RaceEnvironment, 'yieldToEventLoop'> = {
  createSession: (model, train) => new MemorySession(model, train),
  now: () => performance.now(),
};

/** A race in progress; `run` resolves with the record when it finishes or is stopped. */
export class MemoryRace {
  private isStopped = false;

  constructor(
    private readonly members: readonly RaceMemberSpec[],
    private readonly train: MemoryTrainDefaults,
    private readonly environment: RaceEnvironment,
    private readonly options: RaceOptions = { insightSize: 0 },
  ) {
    // One member is a plain run (a sweep may study a single cell); more than four no chart draws legibly.
    if (members.length < 1 || members.length > MAX_RACE_MEMBERS) throw new RangeError(`A race has 1 to ${MAX_RACE_MEMBERS} members, got ${members.length}.`);
    if (!Number.isInteger(options.insightSize) || options.insightSize < 0) throw new RangeError(`Insights need a whole number ≥ 0 of sequences, got ${options.insightSize}.`);
    const first = members[0].model;
    if (members.some(({ model }) => model.task !== first.task || model.distance !== first.distance)) {
      throw new RangeError('Every member of a race must learn the same task at the same distance (they share batches and the held-out set).');
    }
  }

  /** Stop after the current step; `run` then resolves with what was done. */
  stop(): void {
    this.isStopped = true;
  }

  async run(onEvent: (event: RaceEvent) => void): Promise<RaceRecord> {
    const { steps, evaluateEvery, ...sessionTrain } = this.train;
    const sessions = this.members.map(({ model, clipNorm }) => this.environment.createSession(model, clipNorm === undefined ? sessionTrain : { ...sessionTrain, clipNorm }));
    const withInsights = this.options.insightSize > 0;
    const records: RaceMemberRecord[] = this.members.map(({ label, model, clipNorm }) => ({
      label,
      model: { ...model },
      curve: [],
      finalAccuracy: Number.NaN,
      stepsTo095: null,
      seconds: 0,
      ...(withInsights ? { insights: [] } : {}),
      ...(clipNorm === undefined ? {} : { clipNorm }),
    }));
    let completedSteps = 0;
    try {
      // Step 0: the untrained network's gradients, the row every later one is compared with.
      for (let member = 0; member < sessions.length && withInsights && !this.isStopped; member++) {
        const insight = await this.insight(sessions[member], 0);
        records[member].insights?.push(insight);
        onEvent({ kind: 'insight', member, ...insight });
        await this.environment.yieldToEventLoop();
      }
      for (let step = 1; step <= steps && !this.isStopped && records.some((record) => !record.diverged); step++) {
        const evaluate = step % evaluateEvery === 0 || step === steps;
        for (let member = 0; member < sessions.length; member++) {
          if (records[member].diverged) continue;
          const started = this.environment.now();
          const outcome = await sessions[member].trainStep();
          onEvent({ kind: 'step', member, step, loss: outcome.loss, gradNorm: outcome.gradNorm });
          if (!outcome.applied) {
            // The session skipped this update; the weights are those of the step before, and training on would
            // only skip again or wander from a blown-up state: this member stops here.
            const divergence = { step, loss: outcome.loss, gradNorm: outcome.gradNorm };
            records[member].diverged = divergence;
            records[member].seconds += (this.environment.now() - started) / 1000;
            onEvent({ kind: 'diverged', member, ...divergence });
            await this.environment.yieldToEventLoop();
            continue;
          }
          if (evaluate) {
            const { accuracy, loss } = await sessions[member].evaluate();
            const record = records[member];
            record.curve.push({ step, accuracy, loss });
            record.finalAccuracy = accuracy;
            if (record.stepsTo095 === null && accuracy >= REMEMBERED_ACCURACY) record.stepsTo095 = step;
            onEvent({ kind: 'evaluation', member, step, accuracy, loss });
          }
          records[member].seconds += (this.environment.now() - started) / 1000;
          if (evaluate && withInsights) {
            const insight = await this.insight(sessions[member], step);
            records[member].insights?.push(insight);
            onEvent({ kind: 'insight', member, ...insight });
          }
          await this.environment.yieldToEventLoop();
        }
        completedSteps = step;
      }
      return {
        kind: 'memory-race',
        train: { ...this.train },
        chance: sessions[0].chance,
        shared: sharedDescription(this.members.map(({ model }) => model)),
        members: records,
        completedSteps,
        // Ended early by Stop, not because every member diverged (each says so in its own record).
        stopped: completedSteps < steps && !records.every((record) => record.diverged),
      };
    } finally {
      for (const session of sessions) session.dispose();
    }
  }

  /** The session's insight as plain numbers (a Float32Array would be copied per event; the chart wants numbers). */
  private async insight(session: Pick<MemorySession, 'insight'>, step: number): Promise<RaceInsight> {
    const { gradNorms, gates, memorySpan } = await session.insight(this.options.insightSize);
    return { step, gradNorms: Array.from(gradNorms), gates: gates.map((gate) => ({ ...gate })), memorySpan };
  }
}
