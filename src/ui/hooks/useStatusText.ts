import { epochsTrained, statusText, type RestartControl } from '../lib/statusText';
import { useClientState } from './clientContext';

/** The worker's status words as this screen says them, its restart button named (ui/lib/statusText.ts). */
export function useStatusText(restartControl: RestartControl): string | null {
  const message = useClientState((snapshot) => snapshot.statusMessage);
  const reason = useClientState((snapshot) => snapshot.statusReason);
  const trainedEpochs = useClientState((snapshot) => epochsTrained(snapshot.step, snapshot.stepsPerEpoch));
  return statusText(message, reason, restartControl, trainedEpochs);
}
