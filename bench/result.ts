// The shape of one benchmark run, as printed and as written to bench/results/*.json.
import type { CpuPerDelivery } from './stack-cpu';
import type { LatencySummary } from './stats';

export type PartStatus = 'ok' | 'not_available' | 'failed';

export interface PartBase {
  status: PartStatus;
  /** Why a part is not available or failed. */
  detail?: string;
}

export interface ThroughputPart extends PartBase {
  count: number;
  elapsedMs?: number;
  perSecond?: number;
}


export interface T0Part extends ThroughputPart {
  /** CPU ms per workflow of this process (T0's client and worker), Temporal and PostgreSQL. */
  cpuMsPerRun?: CpuPerDelivery;
  /** CPU of the benchmark process (T0's client and worker) per 1,000 workflows. */
  cpuSecondsPer1000?: number;
  /** Starts that came back with their first workflow task (T1 asks for that; T0 does not). */
  eagerStartShare?: number;
  /** Mean history length of a sample of the part's workflows, read from Temporal. */
  historyEventsPerRun?: number;
}

export interface ProcessUsage {
  cpuSeconds: number;
  cpuSecondsPer1000: number;
  peakRssMb: number;
}

export interface EdgeCronPart extends ThroughputPart {
  eOverT0?: number;
  /** E over T1 (T0's shape, started eagerly, its activity a local one): the engine's limit for this shape. */
  eOverT1?: number;
  /** Task runs the dispatchers started eagerly, over all they started during the part (from /metrics). */
  eagerStartShare?: number;
  /** Mean history length of a sample of the part's TaskRun workflows, read from Temporal. */
  historyEventsPerRun?: number;
  r0OverE?: number;
  /** API and worker measured in their own processes. */
  api?: ProcessUsage;
  worker?: ProcessUsage;
  /** CPU ms per delivery of the API, the worker, Temporal and PostgreSQL. */
  cpuMsPerRun?: CpuPerDelivery;
}

/** Part E's workload to an endpoint whose transformation reshapes every delivery. */
export interface TransformedPart extends Omit<EdgeCronPart, 'eOverT0' | 'eOverT1' | 'r0OverE'> {
  /** Runs/s transformed ÷ runs/s of E in the same bench run: below 1 by what the sandbox costs. */
  transformedOverE?: number;
}

/** Part E's workload with tracing on, exporting to a loopback OTLP sink. */
export interface TracedPart extends ThroughputPart, Pick<EdgeCronPart, 'eagerStartShare' | 'historyEventsPerRun'> {
  /** Runs/s traced ÷ runs/s of E in the same bench run: below 1 by what tracing costs. */
  tracedOverE?: number;
  api?: ProcessUsage;
  worker?: ProcessUsage;
  /** CPU ms per delivery of the traced pair's API and worker, Temporal and PostgreSQL. */
  cpuMsPerRun?: CpuPerDelivery;
  /** Spans the sink received from the traced pair, over every run it served (its warm-up included). */
  spans?: number;
  spansPerRun?: number;
  /** The same spans by name (each run makes one of each; a shortfall shows which went missing). */
  spansByName?: Record<string, number>;
  /** OTLP export requests, and their body size per run. */
  exportRequests?: number;
  exportKbPerRun?: number;
}

/** L0: bare Temporal's start → activity latency, at the latency part's rate. */
export interface BareLatencyPart extends PartBase {
  count: number;
  targetPerSecond?: number;
  achievedPerSecond?: number;
  /** Client calls StartWorkflowExecution → the workflow's no-op activity runs. */
  startToActivity?: LatencySummary;
}

export interface LatencyPart extends PartBase {
  count: number;
  targetPerSecond?: number;
  achievedPerSecond?: number;
  /** Client sends POST /v1/task-runs → the receiver has the delivery. */
  acceptToArrival?: LatencySummary;
  /** acceptToArrival's p50 over L0's start→activity p50 (goal: at most 1.0). */
  acceptToArrivalOverL0?: number;
  /** Client sends POST /v1/task-runs → 201 back. */
  apiResponse?: LatencySummary;
  /** Ledger: run row inserted by the API → its first attempt starts (Temporal dispatch + claim). */
  createdToAttempt?: LatencySummary;
  /** Ledger: the first attempt's HTTP call. */
  http?: LatencySummary;
}

export interface FanoutPart extends PartBase {
  endpoints: number;
  matchedEndpointCount?: number;
  /** POST /v1/events sent → the last endpoint's first attempt arrived. */
  lastFirstAttemptMs?: number;
  /** Endpoints per second up to the last first attempt, and that over T0's workflows per second. */
  perSecond?: number;
  fanoutOverT0?: number;
  /** POST /v1/events sent → every fanned-out run is `success` in the ledger. */
  allSuccessMs?: number;
  /** Runs not `success` at the end (must be 0). */
  failedRuns?: number;
  /** Runs of the event's fanout workflow (one per page of endpoints: it continues as new). */
  fanoutRuns?: number;
  /** The longest history among them: bounded however many endpoints. */
  maxHistoryEvents?: number;
  api?: ProcessUsage;
  worker?: ProcessUsage;
}

export interface ListsPart extends PartBase {
  /** Delivery attempts seeded (4 per run; a tenth of the runs dead-lettered). */
  attempts: number;
  /** Calls timed per kind, one at a time. */
  calls: number;
  seedSeconds?: number;
  /** Table size (indexes included) over its rows, after seeding: for sizing a database. */
  bytesPerRow?: Record<string, number>;
  byCall?: Record<string, LatencySummary>;
}

/** One tenant's fanout among many tenants, beside a small installation's (bench/parts/tenant-fanout.ts). */
export interface TenantFanoutPart extends PartBase {
  tenants: number;
  endpointsPerTenant: number;
  totalEndpoints?: number;
  rounds?: number;
  /** Median, POST /v1/events → the last of the endpoints' first attempts: a 10-endpoint installation. */
  flatLastFirstAttemptMs?: number;
  /** The same for one tenant's event among `tenants` × `endpointsPerTenant` endpoints. */
  tenantLastFirstAttemptMs?: number;
  tenantOverFlat?: number;
  /** Median time of the fanout's endpoint lookup (SQL) in each case. */
  flatLookupMs?: number;
  tenantLookupMs?: number;
  lookupTenantOverFlat?: number;
  /** The installation's own (no tenant) lookup again, interleaved with the tenant's, among all the endpoints. */
  flatAfterLookupMs?: number;
  /** EXPLAIN ANALYZE of the tenant's lookup: which index, how many rows. */
  lookupPlan?: string;
  otherTenantsDeliveries?: number;
}

export interface OrderedPart extends ThroughputPart {
  keys: number;
  orderedOverE?: number;
  /** Keys whose arrival order differed from their publish order (must be 0). */
  keysOutOfOrder?: number;
}

export interface IsolationPart extends ThroughputPart {
  /** Runs queued to the hung endpoint before the healthy runs were sent. */
  hungBacklog: number;
  isolationOverE?: number;
}

export interface ReplayPart extends ThroughputPart {
  replayOverE?: number;
}

export interface BenchResult {
  label: string;
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; loadAverage1m: number; node: string };
  options: Record<string, unknown>;
  notes: string[];
  /** Each of issue 30's goals against this run's figures. */
  goals?: GoalCheck[];
  parts: {
    r0?: ThroughputPart;
    t0?: T0Part;
    t1?: T0Part;
    e?: EdgeCronPart;
    traced?: TracedPart;
    transformed?: TransformedPart;
    l0?: BareLatencyPart;
    latency?: LatencyPart;
    replay?: ReplayPart;
    isolation?: IsolationPart;
    resume?: import('./parts/resume').ResumePart;
    fanout?: FanoutPart;
    ordered?: OrderedPart;
    tenants?: TenantFanoutPart;
    lists?: ListsPart;
    sources?: import('./parts/sources').SourcesPart;
    destinations?: import('./parts/destinations').DestinationsPart;
    backlog?: import('./parts/backlog').BacklogPart;
    soak?: import('./parts/soak').SoakPart;
  };
}

export const notAvailable = (detail: string) => ({ status: 'not_available' as const, detail });

/** One goal of issue 30 read off a run: the figure, its bound, and whether it held. */
export interface GoalCheck {
  goal: string;
  value?: number;
  /** `min`: the value must be at least `bound`; `max`: at most. */
  /** min: value >= bound; max: value <= bound; under: value < bound. */
  kind: 'min' | 'max' | 'under';
  bound: number;
  met?: boolean;
  /** Why the part ran but this goal has no figure (a soak too short for its memory goal). */
  note?: string;
}
