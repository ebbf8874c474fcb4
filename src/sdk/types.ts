// Request and response types, derived from the server's own zod schemas (type-only imports: the SDK
// loads none of the server's code at run time).
import type { z } from 'zod';
import type { listAuditEventsQuery } from '../api/schemas/audit-event';
import type { paginationQuery } from '../api/schemas/common';
import type { createEndpointBody, endpointStatsQuery, listEndpointsQuery, updateEndpointBody } from '../api/schemas/endpoint';
import type { createScheduleBody, listSchedulesQuery, pauseScheduleBody, updateScheduleBody } from '../api/schemas/schedule';
import type { createTaskRunBody, listTaskRunsQuery } from '../api/schemas/task-run';
import type * as r from '../api/openapi/responses';

export interface Page<T> {
  data: T[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** Query strings are coerced by the server, so their types come from the parsed (output) side. */
type QueryOf<S extends z.ZodType> = Partial<z.output<S>>;

export type PageQuery = QueryOf<typeof paginationQuery>;

export type Endpoint = z.output<typeof r.endpointResponse>;
export type CreatedEndpoint = z.output<typeof r.createdEndpointResponse>;
export type EndpointWithSchedules = z.output<typeof r.endpointWithSchedulesResponse>;
export type DeletedEndpoint = z.output<typeof r.deletedEndpointResponse>;
export type EndpointStats = z.output<typeof r.endpointStatsResponse>;
export type CreateEndpoint = z.input<typeof createEndpointBody>;
export type UpdateEndpoint = z.input<typeof updateEndpointBody>;
export type ListEndpointsQuery = PageQuery & QueryOf<typeof listEndpointsQuery>;
export type EndpointStatsQuery = QueryOf<typeof endpointStatsQuery>;

export type TaskRun = z.output<typeof r.taskRunResponse>;
export type TaskRunStatus = TaskRun['status'];
export type DeliveryAttempt = z.output<typeof r.attemptResponse>;
export type CreateTaskRun = z.input<typeof createTaskRunBody>;
export type ListTaskRunsQuery = PageQuery & QueryOf<typeof listTaskRunsQuery>;

export type Schedule = z.output<typeof r.scheduleResponse>;
export type ScheduleTriggered = z.output<typeof r.scheduleTriggeredResponse>;
export type CreateSchedule = z.input<typeof createScheduleBody>;
export type UpdateSchedule = z.input<typeof updateScheduleBody>;
export type PauseSchedule = z.input<typeof pauseScheduleBody>;
export type ListSchedulesQuery = PageQuery & QueryOf<typeof listSchedulesQuery>;

export type Health = z.output<typeof r.healthResponse>;

/** GET /v1/endpoints/:id/credentials (full scope): the URL and header values every other answer masks. */
export type EndpointCredentials = z.output<typeof r.endpointCredentialsResponse>;

export type AuditEvent = z.output<typeof r.auditEventResponse>;
export type ListAuditEventsQuery = PageQuery & QueryOf<typeof listAuditEventsQuery>;

/**
 * Resources whose routes are not in this build's API yet (events, retry policies, retry jobs, dead
 * letters, API keys): typed loosely until their zod schemas are here to derive types from.
 */
export interface ApiObject {
  id: string;
  [field: string]: unknown;
}
export type JsonObject = Record<string, unknown>;
export type LooseQuery = PageQuery & Record<string, string | number | boolean | undefined>;
