/**
 * The playground: one TrainerClient (the worker), five steps one screen each, a header with the
 * backend, model file and presenter controls. State that crosses screens lives in useAppController.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { TrainerClient } from '../worker/client';
import { BackendBadge } from './components/BackendBadge';
import { ErrorNote } from './components/ErrorNote';
import { CopyLinkButton } from './components/CopyLinkButton';
import { checkModelFileSize, ModelFileControls } from './components/ModelFileControls';
import { NoticeBar } from './components/NoticeBar';
import { UndoNotice } from './components/UndoNotice';
import { registerServiceWorker } from './serviceWorker';
import { GenerateView } from './generate/GenerateView';
import { GeneratorEncodeStep } from './generate/GeneratorEncodeStep';
import { GeneratorModelStep } from './generate/GeneratorModelStep';
import { GeneratorTrainView } from './generate/GeneratorTrainView';
import { isCharLmFile } from './generate/modelFileKind';
import { StepBar } from './components/StepBar';
import { Walkthrough } from './components/Walkthrough';
import { TourOpenContext } from './hooks/tourContext';
import { ChartThemeContext, useColorScheme } from './hooks/chartTheme';
import { ClientContext, useClient, useClientState } from './hooks/clientContext';
import { useKeyboardShortcuts } from './hooks/useKeyboardShortcuts';
import { useLabInUrl } from './hooks/useLabInUrl';
import { useTrainingActions } from './hooks/useTrainingActions';
import { errorText } from './lib/format';
import { configFromQuery, defaultsFor, stepBlurb, STEPS } from './state/appConfig';
import { tourOnArrival } from './state/firstVisit';
import { hasSeenWalkthrough, markWalkthroughSeen } from './state/persistence';
import { loadTaskConfigs } from './state/taskConfigs';
import type { AppController } from './state/useAppController';
import { useAppController } from './state/useAppController';
import { DataStep } from './steps/DataStep';
import { EncodeStep } from './steps/EncodeStep';
import { InspectStep } from './steps/InspectStep';
import { ModelStep } from './steps/ModelStep';
import { TrainStep } from './steps/TrainStep';
import { installTestHook } from './testHook';
import { MemoryLab } from './memory/MemoryLab';
import { TextLab } from './text/TextLab';

function createClient(): TrainerClient {
  const backend = configFromQuery(window.location.search).backend ?? defaultsFor('names').backend;
  return new TrainerClient({ backend, baseUrl: import.meta.env.BASE_URL });
}

export function App() {
  const [client] = useState(createClient);
  useEffect(() => () => client.dispose(), [client]);
  useEffect(registerServiceWorker, []);
  return (
    <ClientContext.Provider value={client}>
      <Playground client={client} />
    </ClientContext.Provider>
  );
}

function shouldShowTour(): boolean {
  const decision = tourOnArrival({ search: window.location.search, hasSeenTour: hasSeenWalkthrough(), hasEarlierVisit: loadTaskConfigs().size > 0 });
  if (decision.marksSeen) markWalkthroughSeen();
  return decision.isShown;
}

function Playground({ client }: { client: TrainerClient }) {
  const controller = useAppController(client);
  const { screen, setScreen, isPresenter, setPresenter, config, updateConfig } = controller;
  // On the Generate names task, Play and Step build the generator instead of the classifier.
  const actions = useTrainingActions(controller.generator.isActive ? { ensureModel: controller.generator.ensureBuilt } : controller);
  const [isTourOpen, setIsTourOpen] = useState(shouldShowTour);
  const [isDragging, setIsDragging] = useState(false);
  // The labs replace the step screens while open, and open again after a reload or through a link (lab= in the URL):
  // the memory lab is a task family of its own (synthetic data, no steps), "Your text" the student's text, its model, its units.
  const [lab, setLab] = useLabInUrl();
  const isMemoryLab = lab === 'memory';
  const isTextLab = lab === 'text';
  const isLab = lab !== null;
  // "Your text" sets the task's run aside when it opens; a visit that opens in it (a reload, a link) does so once,
  // in a layout effect: those run before any passive effect, so before the lab's own effect asks for what was kept.
  const opensInTextLab = useRef(isTextLab);
  const { setRunAsideForLab } = controller;
  useLayoutEffect(() => {
    if (!opensInTextLab.current) return;
    opensInTextLab.current = false;
    void setRunAsideForLab();
  }, [setRunAsideForLab]);

  // The e2e hook reads the screen and presenter mode through refs, so it never holds stale values.
  const screenRef = useRef(screen);
  screenRef.current = screen;
  const presenterRef = useRef(isPresenter);
  presenterRef.current = isPresenter;
  useEffect(
    () =>
      installTestHook(
        client,
        () => screenRef.current,
        () => presenterRef.current,
      ),
    [client],
  );

  // The training keys work only on Train, the one screen that lists them beside its buttons (and not under the tour).
  const hasTrainingKeys = screen === 'train' && !isTourOpen && !isLab;
  useKeyboardShortcuts({
    onTogglePlay: hasTrainingKeys ? () => void actions.togglePlay() : undefined,
    onStep: hasTrainingKeys ? () => void actions.stepOnce() : undefined,
    onReset: hasTrainingKeys ? actions.reset : undefined,
    onTogglePresenter: () => setPresenter(!presenterRef.current),
  });

  const openModel = useCallback(
    async (file: File): Promise<boolean> => {
      let fitsData = true;
      if (await isCharLmFile(file)) {
        // A names generator is small: its text is read here.
        const note = await controller.generator.openText(await file.text());
        if (note) client.store.set({ notice: note });
      } else {
        fitsData = await controller.openModelFile(file, file.name);
        void controller.generator.setActive(false);
      }
      setScreen('inspect');
      return fitsData;
    },
    [client, controller, setScreen],
  );

  // Drag-and-drop a model file anywhere on the page: on Your text, its own open (its model, not the steps').
  const dragDepth = useRef(0);
  const textLabDrop = useRef<((file: File) => Promise<void>) | null>(null);
  const onDrop = useCallback(
    async (event: React.DragEvent) => {
      event.preventDefault();
      dragDepth.current = 0;
      setIsDragging(false);
      const file = event.dataTransfer.files[0];
      if (!file) return;
      client.clearError('import');
      try {
        checkModelFileSize(file);
        if (isTextLab) await textLabDrop.current?.(file);
        else await openModel(file);
      } catch (error) {
        client.reportError('import', `"${file.name}" was not opened: ${errorText(error)}`);
      }
    },
    [client, isTextLab, openModel],
  );
  const isFileDrag = (event: React.DragEvent) => event.dataTransfer.types.includes('Files');
  // The Data step's upload zone takes its own drops (data files); everything else is a model file.
  const isInUploadZone = (event: React.DragEvent) =>
    event.target instanceof Element && event.target.closest('[data-drop-zone="upload"]') !== null;

  const stepInfo = STEPS.find((step) => step.id === screen) ?? STEPS[0];
  // Inspect reads what the model reads: word by word for a word model (SST-2), letter by letter otherwise.
  const inputLevel = useClientState((snapshot) => snapshot.model?.input.type) ?? controller.dataset?.level ?? 'chars';
  const colorScheme = useColorScheme();

  return (
    <ChartThemeContext.Provider value={`${isPresenter ? 'presenter' : 'desk'}-${colorScheme}`}>
    <div
      className="app"
      onDragEnter={(event) => {
        if (!isFileDrag(event) || isInUploadZone(event)) return;
        dragDepth.current++;
        setIsDragging(true);
      }}
      onDragLeave={() => {
        dragDepth.current = Math.max(0, dragDepth.current - 1);
        if (dragDepth.current === 0) setIsDragging(false);
      }}
      onDragOver={(event) => {
        if (isFileDrag(event) && !isInUploadZone(event)) event.preventDefault();
      }}
      onDrop={(event) => {
        if (isInUploadZone(event)) return;
        void onDrop(event);
      }}
    >
      <header className="app-header">
        <div className="brand">
          <h1>RNN Playground</h1>
          <span className="task-title muted" data-testid="task-title">
            {isTextLab ? 'Your text: a character language model of your own text' : controller.dataset ? (controller.generator.isActive ? 'Generate names: language → invented surnames' : controller.dataset.title) : 'Loading data…'}
          </span>
          {/* Beside the title, where the line has room: at the end of the controls it wrapped onto a line of its
              own at 1280 px and below. */}
          {!isPresenter && (
            <button type="button" className="link-button tour-link" onClick={() => setIsTourOpen(true)}>
              Tour
            </button>
          )}
        </div>
        <div className="header-controls">
          <button
            type="button"
            aria-pressed={isMemoryLab}
            data-testid="memory-lab-toggle"
            onClick={() => {
              if (isTextLab) void controller.bringRunBackFromLab();
              setLab(isMemoryLab ? null : 'memory');
            }}
          >
            {isMemoryLab ? 'Back to the steps' : 'Memory lab'}
          </button>
          <button
            type="button"
            aria-pressed={isTextLab}
            data-testid="text-lab-toggle"
            onClick={() => {
              if (isTextLab) void controller.bringRunBackFromLab();
              else void controller.setRunAsideForLab();
              setLab(isTextLab ? null : 'text');
            }}
          >
            {isTextLab ? 'Back to the steps' : 'Your text'}
          </button>
          <BackendBadge choice={config.backend} onChoose={(backend) => updateConfig({ backend })} />
          {/* On Your text the lab's own Save and Open act on its model; the header's would be a second "Save model". */}
          {!isPresenter && !isTextLab && <ModelFileControls onOpen={openModel} />}
          <CopyLinkButton />
          <button
            type="button"
            aria-pressed={isPresenter}
            data-testid="presenter-toggle"
            onClick={() => setPresenter(!isPresenter)}
            title="Presenter mode: large type, high contrast (P)"
          >
            {isPresenter ? 'Exit presenter' : 'Presenter'}
          </button>
        </div>
      </header>
      {!isLab && <StepBar screen={screen} onSelect={setScreen} />}
      {/* <main> stays the main landmark; the tab panel is inside it (a role on <main> itself would replace the landmark). */}
      <TourOpenContext.Provider value={isTourOpen}>
        <main className="screen">
          <NoticeBar />
          <ErrorNote where="worker" />
          <ErrorNote where="storage" />
          <ReplacedModelNotice controller={controller} />
          <UndoResetNotice />
          {isMemoryLab ? (
            <MemoryLab />
          ) : isTextLab ? (
            <TextLab keep={controller.textLab} modelDrop={textLabDrop} />
          ) : (
            <div role="tabpanel" id={`panel-${screen}`} aria-labelledby={`tab-${screen}`} data-testid={`screen-${screen}`}>
              {!isPresenter && (
                <p className="screen-blurb muted">
                  {stepBlurb(stepInfo, inputLevel, controller.generator.isActive)}
                </p>
              )}
              <Screen controller={controller} actions={actions} />
            </div>
          )}
        </main>
      </TourOpenContext.Provider>
      {isTourOpen && <Walkthrough onShowStep={setScreen} onClose={() => setIsTourOpen(false)} />}
      {isDragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop a model file (.json) to open it
        </div>
      )}
    </div>
    </ChartThemeContext.Provider>
  );
}

/** After "Open model" replaced a model: one click puts the previous one back. */
function ReplacedModelNotice({ controller }: { controller: AppController }) {
  const { replacedModel, restoreReplacedModel, dismissReplacedModel } = controller;
  if (!replacedModel) return null;
  return (
    <UndoNotice
      message={`${replacedModel.openedName} replaced the model you had.`}
      undoLabel="Undo: restore previous model"
      onUndo={() => void restoreReplacedModel()}
      keepLabel="Keep the new one"
      onKeep={dismissReplacedModel}
      testId="replaced-model"
    />
  );
}

/** After Reset: one click puts back the trained weights, the curves and the step (until training goes on). */
function UndoResetNotice() {
  const client = useClient();
  const resetFrom = useClientState((snapshot) => snapshot.undoableResetFrom);
  if (resetFrom === null) return null;
  return (
    <UndoNotice
      message={`The weights were reset (they had trained ${resetFrom.toLocaleString('en')} steps).`}
      undoLabel="Undo reset"
      onUndo={() => client.undoReset()}
      keepLabel="Keep the reset"
      onKeep={() => client.forgetReset()}
      testId="undo-reset"
    />
  );
}

function Screen({ controller, actions }: { controller: AppController; actions: ReturnType<typeof useTrainingActions> }) {
  if (controller.generator.isActive) {
    if (controller.screen === 'encode') return <GeneratorEncodeStep controller={controller} />;
    if (controller.screen === 'model') return <GeneratorModelStep controller={controller} />;
    if (controller.screen === 'train') return <GeneratorTrainView generator={controller.generator} actions={actions} />;
    if (controller.screen === 'inspect') return <GenerateView />;
  }
  switch (controller.screen) {
    case 'data':
      return <DataStep controller={controller} />;
    case 'encode':
      return <EncodeStep controller={controller} />;
    case 'model':
      return <ModelStep controller={controller} />;
    case 'train':
      return <TrainStep controller={controller} actions={actions} />;
    case 'inspect':
      return <InspectStep controller={controller} />;
    default: {
      const unknown: never = controller.screen;
      throw new Error(`Unknown step ${String(unknown)}`);
    }
  }
}
