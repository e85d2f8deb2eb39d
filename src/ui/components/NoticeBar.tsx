/** Non-error news the user should see once: a worker restart that recovered, a restored checkpoint. */
import { useClient, useClientState } from '../hooks/clientContext';

export function NoticeBar() {
  const client = useClient();
  const notice = useClientState((snapshot) => snapshot.notice);
  if (!notice) return null;
  return (
    <div className="notice-bar" role="status" data-testid="notice">
      <span>{notice}</span>
      <button type="button" className="link-button" onClick={() => client.dismissNotice()}>
        OK
      </button>
    </div>
  );
}
