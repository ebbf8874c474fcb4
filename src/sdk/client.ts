// The EdgeCron client: one object, a method per API call, grouped by resource.
import { ApiKeysResource } from './resources/api-keys';
import { AuditEventsResource } from './resources/audit-events';
import { DeadLettersResource } from './resources/dead-letters';
import { EndpointsResource } from './resources/endpoints';
import { EventsResource } from './resources/events';
import { RetryJobsResource, RetryPoliciesResource } from './resources/retry-policies';
import { SchedulesResource } from './resources/schedules';
import { TaskRunsResource } from './resources/task-runs';
import { TenantsResource } from './resources/tenants';
import { EventTypesResource } from './resources/event-types';
import { SourcesResource } from './resources/sources';
import { TransformationsResource } from './resources/transformations';
import { type ClientOptions, Transport } from './transport';
import type { Health } from './types';

export class EdgeCron {
  readonly endpoints: EndpointsResource;
  readonly taskRuns: TaskRunsResource;
  readonly schedules: SchedulesResource;
  readonly events: EventsResource;
  readonly deadLetters: DeadLettersResource;
  readonly retryPolicies: RetryPoliciesResource;
  readonly retryJobs: RetryJobsResource;
  readonly apiKeys: ApiKeysResource;
  readonly auditEvents: AuditEventsResource;
  readonly tenants: TenantsResource;
  readonly eventTypes: EventTypesResource;
  readonly sources: SourcesResource;
  readonly transformations: TransformationsResource;
  private readonly http: Transport;

  constructor(options: ClientOptions) {
    this.http = new Transport(options);
    this.endpoints = new EndpointsResource(this.http);
    this.taskRuns = new TaskRunsResource(this.http);
    this.schedules = new SchedulesResource(this.http);
    this.events = new EventsResource(this.http);
    this.deadLetters = new DeadLettersResource(this.http);
    this.retryPolicies = new RetryPoliciesResource(this.http);
    this.retryJobs = new RetryJobsResource(this.http);
    this.apiKeys = new ApiKeysResource(this.http);
    this.auditEvents = new AuditEventsResource(this.http);
    this.tenants = new TenantsResource(this.http);
    this.eventTypes = new EventTypesResource(this.http);
    this.sources = new SourcesResource(this.http);
    this.transformations = new TransformationsResource(this.http);
  }

  /** GET /healthz; throws UnavailableError when a dependency is down. */
  health() {
    return this.http.request<Health>('GET', '/healthz');
  }

  /** The OpenAPI 3.1 document the server describes itself with. */
  openApiDocument() {
    return this.http.request<Record<string, unknown>>('GET', '/openapi.json');
  }
}
