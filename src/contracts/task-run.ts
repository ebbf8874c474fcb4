// What a client may send to create or list task runs.
import { z } from 'zod';
import { tenantIdField } from './tenant';
import { ORDERING_KEY_MAX_LENGTH } from '../domain/node/ordering-key';
import { idFilter, jsonPayload, listQuery } from './common';
import { notBoth } from './cross-field';

/** Runs sharing a key reach an endpoint with `ordering: "key"` one at a time, in accept order. */
export const orderingKey = z.string().min(1).max(ORDERING_KEY_MAX_LENGTH);

const MAX_DELAY_MS = 366 * 24 * 3600 * 1000;

export const TASK_RUN_STATUSES = ['pending', 'running', 'success', 'retry_scheduled', 'dead_letter', 'cancelled', 'failed'] as const;

export const createTaskRunBody = notBoth(
  z.strictObject({
    endpointId: idFilter,
    payload: jsonPayload,
    runAt: z.iso.datetime({ offset: true }).optional(),
    delayMs: z.number().int().min(0).max(MAX_DELAY_MS).optional(),
    orderingKey: orderingKey.optional(),
  }),
  'runAt', 'delayMs', 'give runAt or delayMs, not both',
);

export const listTaskRunsQuery = listQuery({
  endpointId: idFilter.optional(),
  tenantId: tenantIdField.optional(),
  status: z.enum(TASK_RUN_STATUSES).optional(),
  /** A key's queue, in delivery order. */
  orderingKey: orderingKey.optional(),
});

export type CreateTaskRunBody = z.infer<typeof createTaskRunBody>;
