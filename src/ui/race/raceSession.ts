/**
 * The race of the Train step, kept outside React so it outlives the screen: leaving Train and coming back
 * finds it still running, its curves intact, and its members are kept as runs when it ends whether or not the
 * screen is open. Low-rate facts (status, step, what is shared) go through `getSnapshot` for
 * useSyncExternalStore; the curves are plain arrays the charts read when `onSeries` says they grew.
 */
import type { LinePoint } from '../../charts/lineChart';
import type { Dataset } from '../../data/types';
import type { TrainerClient } from '../../worker/client';
import type { TaskRaceEvent } from '../../worker/protocol';
import type { InputSource } from '../state/appConfig';
import { errorText } from '../lib/format';
import { newRunId, saveRunsWithStoredWeights } from '../state/runStore';
import { toRaceMembers, type RaceEntry } from './raceMembers';
import { pendingKeepMarks, runsFromRace } from './raceRuns';

export type RaceStatus = 'idle' | 'running' | 'stopping' | 'done' | 'failed';

export interface RaceSnapshot {
  status: RaceStatus;
  entries: readonly RaceEntry[];
  /** Steps every member has taken (the slowest member's count). */
  step: number;
  totalSteps: number | null;
  /** The worker's plain line: same batch order, which initial weights are identical. */
  shared: string | null;
  validationSampleSize: number | null;
  /** The classes of the data raced on (chance loss is ln of it); 0 before a race. */
  classCount: number;
  /** What happened, in words (finished, stopped, failed and why, what was kept). */
  message: string | null;
  /** Increments each time the race's runs were kept (the runs list reloads on it). */
  keptVersion: number;
  /** The data set raced on (Dataset.id); null before a race. A finished race belongs to that data's Train step. */
  dataId: string | null;
}

/** One member's curves, as the charts draw them. */
export interface MemberSeries {
  loss: LinePoint[];
  gradNorm: LinePoint[];
  accuracy: LinePoint[];
  macroAccuracy: LinePoint[];
}

const IDLE: RaceSnapshot = { status: 'idle', entries: [], step: 0, totalSteps: null, shared: null, validationSampleSize: null, classCount: 0, message: null, keptVersion: 0, dataId: null };

export class RaceSession {
  private snapshot: RaceSnapshot = IDLE;
  private readonly listeners = new Set<() => void>();
  private readonly seriesListeners = new Set<() => void>();
  /** Per member, in the race's order. */
  series: MemberSeries[] = [];

  constructor(private readonly client: TrainerClient) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): RaceSnapshot => this.snapshot;

  /** Called after new points arrived (at most once per worker message). */
  onSeries(listener: () => void): () => void {
    this.seriesListeners.add(listener);
    return () => this.seriesListeners.delete(listener);
  }

  get isRunning(): boolean {
    return this.snapshot.status === 'running' || this.snapshot.status === 'stopping';
  }

  /** Start racing `entries` on `dataset` (the Train step's own run is paused first: both would share the CPU). */
  start(dataset: Dataset, input: InputSource, entries: readonly RaceEntry[]): void {
    if (this.isRunning) return;
    const pausedMain = this.client.getSnapshot().status === 'training';
    if (pausedMain) this.client.pause();
    this.series = entries.map(() => ({ loss: [], gradNorm: [], accuracy: [], macroAccuracy: [] }));
    this.set({ ...IDLE, keptVersion: this.snapshot.keptVersion, status: 'running', entries: [...entries], classCount: dataset.classes.length, dataId: dataset.id, message: pausedMain ? 'The Train step’s own run was paused for the race.' : null });
    this.emitSeries();
    const classes = [...dataset.classes];
    // Each member's kept run's id, given now: a race that runs to its end has the worker write the members' weights
    // there (marked as pending keeps) before it answers, so the page writes the records only, off its thread's way.
    const members = toRaceMembers(entries, input, classes).map((member) => ({ ...member, keepWeightsAs: newRunId() }));
    this.client
      .startTaskRace(dataset.id, members, (events) => this.receive(events))
      .then(async (record) => {
        const runs = runsFromRace(record, entries, classes, Date.now(), newRunId);
        const ending = record.stoppedBecause ? `Stopped at step ${record.completedSteps} of ${record.totalSteps} (${record.stoppedBecause}).` : 'Finished.';
        try {
          await saveRunsWithStoredWeights(runs, pendingKeepMarks(record));
          this.set({ status: 'done', step: record.completedSteps, shared: record.shared, message: `${ending} Kept ${runs.length} runs below${record.stoppedBecause ? ', without test results' : ' with their test results'}.`, keptVersion: this.snapshot.keptVersion + 1 });
        } catch (error) {
          this.set({ status: 'failed', message: `${ending} The runs could not be kept: ${errorText(error)}` });
        }
      })
      .catch((error: unknown) => this.set({ status: 'failed', message: errorText(error) }));
  }

  /** Stop after the current step; the members are kept as they are (unfinished). */
  stop(): void {
    if (this.snapshot.status !== 'running') return;
    this.client.stopTaskRace();
    this.set({ status: 'stopping' });
  }

  private receive(events: readonly TaskRaceEvent[]): void {
    let step = this.snapshot.step;
    let started: Partial<RaceSnapshot> = {};
    for (const event of events) {
      if (event.kind === 'started') {
        started = { shared: event.shared, totalSteps: event.totalSteps, validationSampleSize: event.validationSampleSize };
        continue;
      }
      const series = this.series[event.member];
      if (!series) continue;
      if (event.kind === 'step') {
        series.loss.push({ x: event.step, y: event.loss });
        series.gradNorm.push({ x: event.step, y: event.gradNorm });
        // The last member's step completes a step of the race.
        if (event.member === this.series.length - 1) step = event.step;
      } else {
        series.accuracy.push({ x: event.step, y: event.accuracy });
        series.macroAccuracy.push({ x: event.step, y: event.macroAccuracy });
      }
    }
    this.emitSeries();
    if (step !== this.snapshot.step || Object.keys(started).length > 0) this.set({ ...started, step });
  }

  private set(patch: Partial<RaceSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  private emitSeries(): void {
    for (const listener of this.seriesListeners) listener();
  }
}

const sessions = new WeakMap<TrainerClient, RaceSession>();

/** The one race session of this client (made on first use). */
export function raceSessionOf(client: TrainerClient): RaceSession {
  let session = sessions.get(client);
  if (!session) {
    session = new RaceSession(client);
    sessions.set(client, session);
  }
  return session;
}
