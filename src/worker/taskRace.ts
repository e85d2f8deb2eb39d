/**
 * Races 2–4 classifiers side by side in the worker, interleaved step by step (member 0's step t, member 1's
 * step t, …) so their curves advance together and none gets ahead on a slow machine. Every member is built
 * from the same seed with the same batch settings (BATCH_ORDER_KEYS), so each one's sampler deals the same
 * batches in the same order; the optimiser, learning rate, clipping and the architecture may differ. The race
 * yields to the event loop after every member's step, so a stop message is handled at once; it evaluates a
 * fixed validation sample every few steps (the same examples for everyone), and the test split at the end.
 */
import type { Dataset } from '../data/types';
import type { EvaluationResult, StepOutcome, TrainingSession } from '../model/session';
import type { ModelFile, TrainConfig } from '../model/types';
import { sharedWeightsSentence } from './sharedWeights';
import { BATCH_ORDER_KEYS, MAX_KEPT_WEIGHTS_CHARACTERS, MAX_TASK_RACE_MEMBERS } from './taskRaceRecord';
import type { TaskRaceEvent, TaskRaceMember, TaskRaceMemberResult, TaskRaceRecord } from './taskRaceRecord';

/** Evaluations of the validation sample per race: enough points for a curve, few enough to keep training the bulk of the time. */
export const RACE_EVALUATIONS = 20;

/** Examples in the validation sample (the Train step's live evaluation uses as many). */
export const RACE_VALIDATION_SAMPLE = 512;

/** What the race needs of a session (the real TrainingSession, or a fake in tests). */
export type RaceSession = Pick<TrainingSession, 'totalSteps' | 'stepsPerEpoch' | 'trainStep' | 'evaluate' | 'exportFile' | 'dispose'>;

export interface TaskRaceEnvironment {
  createSession(dataset: Dataset, model: TaskRaceMember['model'], train: TrainConfig): RaceSession;
  yieldToEventLoop(): Promise<void>;
  /**
   * Write a member's model file's text as kept run `id`'s weights, marked as a pending keep first
   * (worker/keptWeights.ts); resolves with the mark's value.
   */
  writeKeptWeights?(id: string, text: string): Promise<number>;
}

/** Refused race requests (the message says what to change). */
export class TaskRaceError extends Error {
  override name = 'TaskRaceError';
}

/** Steps between two evaluations of the validation sample for a race of `totalSteps`. */
export function evaluationInterval(totalSteps: number): number {
  return Math.max(1, Math.ceil(totalSteps / RACE_EVALUATIONS));
}

/** The sentence about batches: what every member sees in the same order. */
export function sharedBatchesSentence(train: TrainConfig, stepsPerEpoch: number): string {
  const sampling = train.sampling === 'balanced' ? 'class-balanced' : 'natural';
  const bucketing = train.bucketByLength ? ', bucketed by length' : '';
  return `Same batches in the same order for every member: seed ${train.seed}, ${stepsPerEpoch} batches of ${train.batchSize} per epoch (${sampling} sampling${bucketing}), ${train.epochs} ${train.epochs === 1 ? 'epoch' : 'epochs'}.`;
}

export class TaskRace {
  private stopReason: string | null = null;

  constructor(
    private readonly dataset: Dataset,
    private readonly members: readonly TaskRaceMember[],
    private readonly environment: TaskRaceEnvironment,
  ) {
    if (members.length < 2 || members.length > MAX_TASK_RACE_MEMBERS) {
      throw new TaskRaceError(`A race has 2 to ${MAX_TASK_RACE_MEMBERS} members, got ${members.length}.`);
    }
    const first = members[0].train;
    for (const key of BATCH_ORDER_KEYS) {
      const other = members.find((member) => member.train[key] !== first[key]);
      if (other) {
        throw new TaskRaceError(`Every member of a race must share ${key} (they train on the same batches): "${members[0].label}" has ${String(first[key])}, "${other.label}" has ${String(other.train[key])}.`);
      }
    }
    if (!environment.writeKeptWeights && members.some((member) => member.keepWeightsAs !== undefined)) throw new TaskRaceError('This worker cannot keep runs.');
  }

  /** Stop after the current step; `run` then resolves with what was done, `reason` saying why. */
  stop(reason = 'stopped'): void {
    this.stopReason ??= reason;
  }

  get isStopped(): boolean {
    return this.stopReason !== null;
  }

  async run(onEvent: (event: TaskRaceEvent) => void): Promise<TaskRaceRecord> {
    const sessions: RaceSession[] = [];
    try {
      for (const member of this.members) sessions.push(this.environment.createSession(this.dataset, member.model, member.train));
      const initial = await Promise.all(sessions.map((session) => session.exportFile()));
      const shared = `${sharedBatchesSentence(this.members[0].train, sessions[0].stepsPerEpoch)} ${sharedWeightsSentence(initial.map((file: ModelFile) => file.state_dict))}`;
      const results: TaskRaceMemberResult[] = this.members.map((member) => ({
        label: member.label,
        model: structuredClone(member.model),
        train: { ...member.train },
        ...(member.keepWeightsAs !== undefined ? { keepWeightsAs: member.keepWeightsAs } : {}),
        curves: { trainLoss: [], gradNorm: [], valLoss: [], valAccuracy: [] },
        step: 0,
        epoch: 0,
        test: null,
        keptWeightsLength: null,
        keptWeightsMark: null,
      }));
      const totalSteps = sessions[0].totalSteps;
      const validationSampleSize = Math.min(RACE_VALIDATION_SAMPLE, this.dataset.val.length);
      onEvent({ kind: 'started', shared, totalSteps, validationSampleSize });
      const every = evaluationInterval(totalSteps);
      let completedSteps = 0;
      for (let step = 1; step <= totalSteps && !this.isStopped; step++) {
        const evaluate = step % every === 0 || step === totalSteps;
        for (let member = 0; member < sessions.length; member++) {
          const outcome: StepOutcome = await sessions[member].trainStep();
          const result = results[member];
          result.step = outcome.step;
          result.epoch = outcome.epoch;
          result.curves.trainLoss.push(outcome.step, outcome.loss);
          result.curves.gradNorm.push(outcome.step, outcome.gradNorm);
          onEvent({ kind: 'step', member, step: outcome.step, loss: outcome.loss, gradNorm: outcome.gradNorm });
          if (evaluate) {
            const { metrics }: EvaluationResult = await sessions[member].evaluate('val', { subsetSize: RACE_VALIDATION_SAMPLE });
            result.curves.valLoss.push(step, metrics.loss);
            result.curves.valAccuracy.push(step, metrics.accuracy);
            onEvent({ kind: 'evaluation', member, step, loss: metrics.loss, accuracy: metrics.accuracy, macroAccuracy: metrics.macroAccuracy });
          }
          await this.environment.yieldToEventLoop();
        }
        completedSteps = step;
      }
      if (completedSteps === totalSteps) {
        for (let member = 0; member < sessions.length; member++) {
          results[member].test = (await sessions[member].evaluate('test')).metrics;
          const id = this.members[member].keepWeightsAs;
          if (id === undefined) continue;
          // Written here, off the page's thread (a names model's 2 MB text cloned, posted and stored there made a
          // 92 ms task for two members), and before the record is posted: the run store's order, weights first.
          const text = JSON.stringify(await sessions[member].exportFile());
          if (text.length > MAX_KEPT_WEIGHTS_CHARACTERS) continue;
          let mark: number | undefined;
          try {
            // The constructor refused ids without a writer.
            mark = await this.environment.writeKeptWeights?.(id, text);
          } catch (error) {
            // As the page said when it wrote them (storage full): nothing of the race is kept. Members written before
            // are marked pending keeps, so a page's sweep takes them once the grace period is over.
            throw new TaskRaceError(`Finished. The runs could not be kept: ${error instanceof Error ? error.message : String(error)}`);
          }
          if (mark === undefined) continue;
          results[member].keptWeightsLength = text.length;
          results[member].keptWeightsMark = mark;
        }
      }
      return {
        kind: 'task-race',
        dataId: this.dataset.id,
        members: results,
        shared,
        completedSteps,
        totalSteps,
        validationSampleSize,
        stoppedBecause: completedSteps < totalSteps ? (this.stopReason ?? 'stopped') : null,
      };
    } finally {
      for (const session of sessions) session.dispose();
    }
  }
}
