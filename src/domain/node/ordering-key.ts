// Ordering keys: the limit on their length, how they appear in workflow ids, and what a waiting run says.
// Not imported by workflows (it uses node:crypto).
import { createHash } from 'node:crypto';
import { keySequencerWorkflowId } from '../workflow-ids';

export const ORDERING_KEY_MAX_LENGTH = 256;

/** 16 hex characters of SHA-256: short in the Web UI, and the key itself (customer data) stays out of the id. */
export const orderingKeyHash = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

export const sequencerWorkflowIdFor = (endpointId: string, key: string): string =>
  keySequencerWorkflowId(endpointId, orderingKeyHash(key));

/** statusReason of an ordered run waiting for the runs accepted before it. */
export const QUEUED_REASON = 'waiting for earlier runs of its ordering key';

/** statusReason of an ordered run held behind a dead letter of its key. */
export const blockedReason = (deadLetterId: string, taskRunId: string): string =>
  `waiting for dead letter ${deadLetterId} (task run ${taskRunId}) of its ordering key to be replayed or discarded`;

export const BLOCKED_REASON_PREFIX = 'waiting for dead letter ';
