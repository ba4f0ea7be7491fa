import type { Db } from '../db/database';
import type { SecretBox } from './secret-box';
import { lrsSettingsView, type LrsSettingsView } from './settings';
import { uploadQueueFor } from '../hub/forward';
import { readUploaderState, type UploaderState } from './store';

/** What the operator sees about uploading: the LRS (secret masked), the counts and how the last tries went. */
export interface UploadStatus extends UploaderState {
  /** null when no LRS is set. */
  lrs: LrsSettingsView | null;
  /** Waiting to be sent: neither in the LRS nor in quarantine. */
  pending: number;
  /** Acknowledged by the LRS. */
  sent: number;
  /** Kept aside: the LRS rejected them or holds a different statement with the same id. */
  quarantined: number;
}

/** On a hub the counts are of the statements it forwards (`uploadQueueFor`). */
export function uploadStatus(db: Db, box: SecretBox): UploadStatus {
  const queue = uploadQueueFor(db);
  return {
    lrs: lrsSettingsView(db, box),
    pending: queue.pendingCount(),
    sent: queue.sentCount(),
    quarantined: queue.quarantinedCount(),
    ...readUploaderState(db),
  };
}
