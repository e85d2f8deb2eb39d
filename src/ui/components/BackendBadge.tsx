/**
 * Which backend training runs on, in plain words ("Running on WASM (your CPU)"), a selector to change it,
 * and the engineering detail one click away: the adapter, what `auto` measured (ms per training step) and
 * why this backend runs. When `auto` measured a faster backend after training began, it offers the switch.
 * When another backend runs than the one chosen (its GPU was lost and training moved on, or it could not start),
 * "Try WebGPU again" goes back in one action: the selector still shows the choice, and choosing it again would
 * change nothing. Why? then says why the backend differs. A backend the browser does not offer at all (no WebGPU
 * adapter, say) gets no such button, since no try can work: its option says "not in this browser" instead. But one
 * whose GPU this page saw lost keeps the button: a browser can stop offering the GPU after it failed (Chromium does
 * after repeated GPU crashes, until it restarts) and offer it again later, and the student is told which.
 */
import { useId } from 'react';
import { BACKEND_CHOICES } from '../../model/backendTypes';
import type { BackendChoice, BackendName } from '../../model/backendTypes';
import type { AutoBackendState, BackendMove } from '../../worker/client';
import type { BackendReport } from '../../worker/protocol';
import { useClient, useClientState } from '../hooks/clientContext';
import { useDisclosure } from '../hooks/useDisclosure';
import { BACKEND_WORDS } from '../lib/backendWords';
import { ErrorNote } from './ErrorNote';

const CHOICE_LABELS: Record<BackendChoice, string> = {
  auto: 'auto (fastest here)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU (plain JS)',
};

/** A software GPU (SwiftShader and the like) runs on the CPU although the backend is a GPU one. */
function runsOn(report: BackendReport): string {
  const isSoftwareGpu = /software|swiftshader|llvmpipe/i.test(report.adapter);
  if ((report.active === 'webgpu' || report.active === 'webgl') && isSoftwareGpu) return 'your CPU, imitating a graphics card';
  return BACKEND_WORDS[report.active].runsOn;
}

export function BackendBadge({ choice, onChoose }: { choice: BackendChoice; onChoose: (choice: BackendChoice) => void }) {
  const client = useClient();
  const report = useClientState((snapshot) => snapshot.backend);
  const starting = useClientState((snapshot) => snapshot.startingBackend);
  const auto = useClientState((snapshot) => snapshot.auto);
  const move = useClientState((snapshot) => snapshot.backendMove);
  const lostGpus = useClientState((snapshot) => snapshot.lostGpus);
  const selectId = useId();
  const why = useDisclosure();
  const retry = retryTarget(choice, report, move, lostGpus);
  return (
    <div className={why.isOpen ? 'backend is-open' : 'backend'} ref={why.rootRef}>
      <span
        className={report ? 'backend-badge' : 'backend-badge is-pending'}
        data-testid="backend-badge"
        data-active={report?.active ?? ''}
        role="status"
      >
        {report ? (
          <>
            <span className="wide-only">Running on </span><strong>{BACKEND_WORDS[report.active].name}</strong>
            <span className="backend-runs-on"> ({runsOn(report)})</span>
          </>
        ) : (
          <>Starting {starting ? BACKEND_WORDS[starting].name : 'the engine'}…</>
        )}
      </span>
      {auto?.suggestion && (
        <button type="button" className="link-button" data-testid="backend-suggestion" onClick={() => client.acceptSuggestedBackend()}>
          {BACKEND_WORDS[auto.suggestion].name} measured faster: switch
        </button>
      )}
      {retry && (
        <button type="button" className="link-button" data-testid="backend-retry" onClick={() => client.retryBackend(retry)}>
          Try {BACKEND_WORDS[retry].name} again
        </button>
      )}
      <label htmlFor={selectId} className="backend-select-label">
        <span className="visually-hidden">Choose the backend</span>
        <select id={selectId} data-testid="backend-select" value={choice} onChange={(event) => onChoose(event.target.value as BackendChoice)}>
          {BACKEND_CHOICES.map((value) => (
            <option key={value} value={value}>
              {CHOICE_LABELS[value]}
              {isAbsent(report, value) && (isLost(lostGpus, value) ? ' (none since it was lost)' : ' (not in this browser)')}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="link-button backend-why" ref={why.buttonRef} data-testid="backend-why" onClick={why.toggle} {...why.buttonProps}>
        Why?
      </button>
      {/* In the flow of the header, not floating over the page: open, it pushes the step tabs down instead of covering them. */}
      <div id={why.panelId} className="backend-why-panel" data-testid="backend-reason" hidden={!why.isOpen}>
        <BackendDetails choice={choice} report={report} auto={auto} move={move} retry={retry} lostGpus={lostGpus} />
      </div>
      <ErrorNote where="backend" />
    </div>
  );
}

/** Whether the last start found that this browser does not offer `choice` at all. */
function isAbsent(report: BackendReport | null, choice: BackendChoice): boolean {
  return choice !== 'auto' && report !== null && report.absent.includes(choice);
}

/** Whether this page saw the GPU of `choice` lost (and it has not run since). */
function isLost(lostGpus: readonly BackendName[], choice: BackendChoice): boolean {
  return choice !== 'auto' && lostGpus.includes(choice);
}

/**
 * The backend to offer to try again: the one chosen, or under `auto` the one training moved off, when another runs
 * (null while a backend starts, and for a backend the browser does not offer, unless its GPU was lost here: then
 * the browser may offer it again).
 */
function retryTarget(choice: BackendChoice, report: BackendReport | null, move: BackendMove | null, lostGpus: readonly BackendName[]): BackendName | null {
  const target = choice !== 'auto' ? choice : (move?.from ?? null);
  return report && target && report.active !== target && (!isAbsent(report, target) || isLost(lostGpus, target)) ? target : null;
}

interface BackendDetailsProps {
  choice: BackendChoice;
  report: BackendReport | null;
  auto: AutoBackendState | null;
  move: BackendMove | null;
  retry: BackendName | null;
  lostGpus: readonly BackendName[];
}

function BackendDetails({ choice, report, auto, move, retry, lostGpus }: BackendDetailsProps) {
  const measured = auto ? (Object.entries(auto.measured) as [BackendName, number][]).sort((a, b) => a[1] - b[1]) : [];
  const moved = move && report?.active === move.to ? move : null;
  return (
    <>
      <p>{choice === 'auto' ? whyAuto(auto) : `You chose ${BACKEND_WORDS[choice].name}.`}</p>
      {report && choice !== 'auto' && isAbsent(report, choice) && isLost(lostGpus, choice) && (
        <p data-testid="backend-absent-after-loss">
          This browser has offered no {BACKEND_WORDS[choice].name} since its GPU was lost, so {BACKEND_WORDS[report.active].name} runs in
          its place. Browsers can stop offering the GPU after it fails, some until they are restarted: “Try{' '}
          {BACKEND_WORDS[choice].name} again” asks once more, and restarting the browser may bring it back.
        </p>
      )}
      {report && choice !== 'auto' && isAbsent(report, choice) && !isLost(lostGpus, choice) && (
        <p data-testid="backend-absent">
          This browser does not offer {BACKEND_WORDS[choice].name}, so {BACKEND_WORDS[report.active].name} runs in its place: trying
          it again would fail the same way. Choose auto to train on the fastest backend this browser has.
        </p>
      )}
      {moved && (
        <p data-testid="backend-move">
          {BACKEND_WORDS[moved.to].name} runs instead of {BACKEND_WORDS[moved.from].name}: {moved.why}, so training moved to{' '}
          {BACKEND_WORDS[moved.to].name} from the last checkpoint.
          {retry === moved.from && ` “Try ${BACKEND_WORDS[retry].name} again” goes back to it, at the step training reached.`}
        </p>
      )}
      {report && (
        <p>
          {report.reason}. Runs on: {report.adapter || 'unknown'}.
        </p>
      )}
      {measured.length > 0 && (
        <table className="backend-measured">
          <caption>Measured on this task (ms per training step, lower is faster)</caption>
          <tbody>
            {measured.map(([name, ms]) => (
              <tr key={name}>
                <th scope="row">{BACKEND_WORDS[name].name}</th>
                <td>{auto?.stoppedEarly.includes(name) ? `over ${ms} (stopped after one step)` : ms}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {auto && auto.unavailable.length > 0 && <p>Could not be measured: {auto.unavailable.join('; ')}.</p>}
      {auto?.adapter && <p>WebGPU adapter: {auto.adapter}.</p>}
    </>
  );
}

function whyAuto(auto: AutoBackendState | null): string {
  if (!auto) return 'auto picks the fastest backend here.';
  if (auto.isMeasuring) return 'auto started on WASM, which is ready at once, and is timing a few training steps on each backend in the background.';
  if (auto.basis === 'remembered') return 'auto uses the backend it measured fastest on an earlier visit with this browser and graphics adapter.';
  if (auto.basis === 'measured') return 'auto timed a few training steps of this task on each backend and picked the fastest; the choice is remembered for next time.';
  return 'auto starts on WASM, which is ready at once, and measures the others once a model is built.';
}
