/**
 * The `auto` backend choice, on the main thread, without ever holding the app:
 *  1. start at once on a backend that is ready: the one measured fastest on an earlier visit with this
 *     browser and adapter (remembered in localStorage), or WebAssembly when nothing is remembered;
 *  2. when nothing valid is remembered, time a few real training steps of the current task on every backend
 *     that starts — a hardware WebGPU included: a hardware adapter is a reason to try, not to trust — in a
 *     short-lived probe worker, beside the app and any training run;
 *  3. remember the fastest, and switch to it only while no run has begun (before the first Play); once
 *     training has started it is offered instead, as switching mid-run would surprise the student;
 *  4. a remembered backend that fails at start is forgotten and measured again.
 * TF-free: this module is in the main bundle.
 */
import type { Dataset } from '../data/types';
import { BACKEND_NAMES } from '../model/backendTypes';
import type { BackendName, BackendReport } from '../model/backendTypes';
import type { ModelConfig, TrainConfig } from '../model/types';
import type { FromProbe, ToProbe } from './probeProtocol';
import type { RunStatus } from './protocol';

/** What `auto` knows and decided; the backend badge shows it one click away. */
export interface AutoBackendState {
  /** Why the running backend was picked: nothing known yet, remembered from an earlier visit, or measured now. */
  basis: 'default' | 'remembered' | 'measured';
  isMeasuring: boolean;
  /** Median ms per real training step, per backend measured (now or on the visit remembered). */
  measured: Partial<Record<BackendName, number>>;
  /** Backends whose figure is a lower bound: their first step alone was far slower than the best. */
  stoppedEarly: BackendName[];
  /** Backends that could not be measured, with why. */
  unavailable: string[];
  /** The WebGPU adapter this browser offers ('' when none): with the user agent, the key of the remembered choice. */
  adapter: string;
  /** The measured fastest, when switching to it now would interrupt a run: offered, not imposed. */
  suggestion: BackendName | null;
}

/** Where a measurement is remembered and with what it is keyed; the browser's in `browserAutoEnvironment`. */
export interface AutoEnvironment {
  userAgent: string;
  /** The WebGPU adapter's description, '' when there is none. */
  describeWebGpuAdapter(): Promise<string>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  createProbe(): Worker;
}

/** What a measurement times: the current task's model and settings. */
export interface MeasurementInput {
  dataset: Dataset;
  model: ModelConfig;
  train: TrainConfig;
}

/** Measured first to last: the likely winner first, so slow ones stop early against it (probe side). */
export const MEASURE_ORDER: readonly BackendName[] = ['wasm', 'webgpu', 'webgl', 'cpu'];
/** Started when nothing is remembered: WebAssembly starts in about a second everywhere and is never slow. */
export const FIRST_VISIT_BACKEND: BackendName = 'wasm';
const STORAGE_KEY = 'rnn-playground.auto-backend.v1';

interface RememberedChoice {
  backend: BackendName;
  measured: Partial<Record<BackendName, number>>;
}

/** The fastest backend measured, or null when none was; a tie goes to the one measured first. */
export function fastestBackend(measured: Partial<Record<BackendName, number>>): BackendName | null {
  let best: BackendName | null = null;
  for (const name of MEASURE_ORDER) {
    const ms = measured[name];
    if (ms === undefined || !Number.isFinite(ms)) continue;
    if (best === null || ms < measured[best]!) best = name;
  }
  return best;
}

/** Switching backend is safe before the first Play of a run: nothing is training and no step was taken. */
export function canSwitchNow(status: RunStatus, step: number): boolean {
  return status !== 'training' && step === 0;
}

function rememberedKey(userAgent: string, adapter: string): string {
  return `${userAgent}\n${adapter}`;
}

function readRemembered(environment: AutoEnvironment, key: string): RememberedChoice | null {
  try {
    const all = JSON.parse(environment.storage?.getItem(STORAGE_KEY) ?? '{}') as Record<string, unknown>;
    const entry = all[key] as Partial<RememberedChoice> | undefined;
    if (!entry || !BACKEND_NAMES.includes(entry.backend as BackendName)) return null;
    return { backend: entry.backend as BackendName, measured: typeof entry.measured === 'object' && entry.measured ? entry.measured : {} };
  } catch {
    return null; // unreadable storage: measure again
  }
}

function writeRemembered(environment: AutoEnvironment, key: string, choice: RememberedChoice | null): void {
  try {
    const all = JSON.parse(environment.storage?.getItem(STORAGE_KEY) ?? '{}') as Record<string, unknown>;
    if (choice) all[key] = choice;
    else delete all[key];
    environment.storage?.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // Private mode or a full quota: the choice is measured again next visit, nothing else is lost.
  }
}

export class AutoBackend {
  private state: AutoBackendState = {
    basis: 'default',
    isMeasuring: false,
    measured: {},
    stoppedEarly: [],
    unavailable: [],
    adapter: '',
    suggestion: null,
  };
  private key = '';
  private hasMeasured = false;
  private cancelProbe: (() => void) | null = null;

  constructor(
    private readonly environment: AutoEnvironment,
    private readonly onChange: (state: AutoBackendState) => void,
  ) {}

  get current(): AutoBackendState {
    return this.state;
  }

  /** The backend to start now: the remembered one for this browser and adapter, else WebAssembly. */
  async startingBackend(): Promise<BackendName> {
    const adapter = await this.environment.describeWebGpuAdapter().catch(() => '');
    this.key = rememberedKey(this.environment.userAgent, adapter);
    const remembered = readRemembered(this.environment, this.key);
    this.update({ adapter, basis: remembered ? 'remembered' : 'default', measured: remembered?.measured ?? {} });
    return remembered?.backend ?? FIRST_VISIT_BACKEND;
  }

  /** The worker reported its backend: a remembered one that did not start is forgotten, to be measured again. */
  onStarted(report: BackendReport): void {
    if (this.state.basis === 'remembered' && report.active !== report.requested) {
      writeRemembered(this.environment, this.key, null);
      this.update({ basis: 'default', measured: {} });
    }
  }

  /** True when nothing valid is known and no measurement ran or runs this visit. */
  get needsMeasurement(): boolean {
    return this.state.basis === 'default' && !this.state.isMeasuring && !this.hasMeasured;
  }

  /**
   * Time the current task on every backend in a probe worker; remember and return the fastest (null when
   * nothing could be measured, or when `cancel` ended it).
   */
  measure(input: MeasurementInput): Promise<BackendName | null> {
    this.hasMeasured = true;
    this.update({ isMeasuring: true, measured: {}, stoppedEarly: [], unavailable: [], suggestion: null });
    const probe = this.environment.createProbe();
    return new Promise<BackendName | null>((resolve) => {
      let isSettled = false;
      const finish = (fastest: BackendName | null) => {
        if (isSettled) return;
        isSettled = true;
        probe.terminate();
        this.cancelProbe = null;
        this.update({ isMeasuring: false });
        resolve(fastest);
      };
      probe.addEventListener('message', (event: MessageEvent<FromProbe>) => {
        const message = event.data;
        if (message.type === 'measured') {
          this.update({
            measured: { ...this.state.measured, [message.backend]: message.msPerStep },
            stoppedEarly: message.isLowerBound ? [...this.state.stoppedEarly, message.backend] : this.state.stoppedEarly,
          });
        } else if (message.type === 'unavailable') {
          this.update({ unavailable: [...this.state.unavailable, `${message.backend}: ${message.reason}`] });
        } else {
          const fastest = fastestBackend(this.state.measured);
          if (fastest) {
            writeRemembered(this.environment, this.key, { backend: fastest, measured: this.state.measured });
            this.update({ basis: 'measured' });
          }
          finish(fastest);
        }
      });
      probe.addEventListener('error', (event) => {
        event.preventDefault();
        this.update({ unavailable: [...this.state.unavailable, `the probe stopped (${event.message || 'it crashed'})`] });
        finish(null);
      });
      const message: ToProbe = { type: 'measure', backends: [...MEASURE_ORDER], ...input };
      probe.postMessage(message);
      this.cancelProbe = () => finish(null);
    });
  }

  /** Stop a measurement (the user chose a backend by hand, or the app closed). */
  cancel(): void {
    this.cancelProbe?.();
  }

  /** Offer `backend` (measured fastest) instead of switching now; null withdraws the offer. */
  suggest(backend: BackendName | null): void {
    this.update({ suggestion: backend });
  }

  private update(patch: Partial<AutoBackendState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }
}

/** The browser's environment: the user agent, the WebGPU adapter, localStorage and a module probe worker. */
export function browserAutoEnvironment(describeWebGpuAdapter: () => Promise<string>): AutoEnvironment {
  return {
    userAgent: typeof navigator === 'undefined' ? '' : navigator.userAgent,
    describeWebGpuAdapter,
    storage: typeof localStorage === 'undefined' ? null : localStorage,
    createProbe: () => new Worker(new URL('./backendProbe.worker.ts', import.meta.url), { type: 'module', name: 'backend-probe' }),
  };
}
