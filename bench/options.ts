// Benchmark options from CLI flags (--n=2000) or environment (BENCH_N=2000); flags win.
import { z } from 'zod';

export const PARTS = ['r0', 't0', 't1', 'e', 'traced', 'transformed', 'destinations', 'l0', 'latency', 'replay', 'isolation', 'fanout', 'ordered', 'lists', 'tenants', 'sources', 'resume', 'backlog', 'soak'] as const;
export type Part = (typeof PARTS)[number];
/** Long parts (minutes to an hour, issue 36's scale checks): run only when named in --parts. */
export const OPT_IN_PARTS: readonly Part[] = ['backlog', 'soak'];
const DEFAULT_PARTS = PARTS.filter((p) => !OPT_IN_PARTS.includes(p));

const count = z.coerce.number().int().min(1);

const optionsSchema = z.object({
  /** Which parts to run, comma separated. */
  parts: z
    .string()
    .default(DEFAULT_PARTS.join(','))
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.enum(PARTS)).min(1)),
  /** Deliveries for R0, T0, T1, E, traced, transformed and each destination. */
  n: count.default(1000),
  /** Requests (or workflow starts) in flight at once while loading R0, T0, T1, E, traced and the destinations. */
  concurrency: count.default(32),
  /** Deliveries sent at half of E's rate for the latency part. */
  latencyN: count.default(300),
  /** Fixed rate for the latency part; default: half of E's measured rate. */
  latencyRate: z.coerce.number().positive().optional(),
  /** Endpoints one event fans out to. */
  fanout: count.default(1000),
  /** Events published for the ordered part, spread over `orderedKeys` ordering keys. */
  ordered: count.default(200),
  orderedKeys: count.default(10),
  /** Tenants for the tenant fanout part, each with `tenantEndpoints` endpoints. */
  tenants: count.default(1000),
  tenantEndpoints: count.default(10),
  /** Events timed per case in the tenant fanout part (median reported). */
  tenantRounds: count.default(5),
  /** Runs queued to a hung endpoint while the isolation part measures a healthy one (n runs). */
  hungBacklog: count.default(400),
  /** Dead letters bulk-replayed. */
  replay: count.default(1000),
  /** Delivery attempts seeded for the lists part (a million: lists stay fast on a big ledger). */
  listsAttempts: count.default(1_000_000),
  /** List calls timed per kind in the lists part. */
  listsCalls: count.default(200),
  /** Triggers accepted while Temporal is stopped, then drained, in the backlog part. */
  backlog: count.default(100_000),
  /** E's deliveries/s for the backlog and soak parts (they load at half of it); default: E's in this run, else a probe's. */
  backlogRate: z.coerce.number().positive().optional(),
  /** Length of the soak part. */
  soakMinutes: count.default(30),
  /** Cap on waiting for any one part to complete. */
  timeoutS: count.default(300),
  /** Log level of the API and worker processes under test. */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  /** Folder for the JSON result. */
  out: z.string().default('bench/results'),
  /** Write V8 CPU profiles of the API and worker processes to this folder. */
  cpuProfileDir: z.string().optional(),
  /** Free-text label stored with the result (e.g. "before", "after"). */
  label: z.string().default(''),
  /** Which Temporal: the dev server `npm start` runs, or a two-host cluster (`npm run cluster`'s). */
  temporal: z.enum(['dev', 'cluster']).default('dev'),
});

export type BenchOptions = z.infer<typeof optionsSchema>;

const FLAG_TO_ENV: Record<keyof BenchOptions, string> = {
  parts: 'BENCH_PARTS',
  n: 'BENCH_N',
  concurrency: 'BENCH_CONCURRENCY',
  latencyN: 'BENCH_LATENCY_N',
  latencyRate: 'BENCH_LATENCY_RATE',
  fanout: 'BENCH_FANOUT',
  replay: 'BENCH_REPLAY',
  hungBacklog: 'BENCH_HUNG_BACKLOG',
  ordered: 'BENCH_ORDERED',
  orderedKeys: 'BENCH_ORDERED_KEYS',
  tenants: 'BENCH_TENANTS',
  tenantEndpoints: 'BENCH_TENANT_ENDPOINTS',
  tenantRounds: 'BENCH_TENANT_ROUNDS',
  listsAttempts: 'BENCH_LISTS_ATTEMPTS',
  listsCalls: 'BENCH_LISTS_CALLS',
  backlog: 'BENCH_BACKLOG',
  backlogRate: 'BENCH_BACKLOG_RATE',
  soakMinutes: 'BENCH_SOAK_MINUTES',
  timeoutS: 'BENCH_TIMEOUT_S',
  logLevel: 'BENCH_LOG_LEVEL',
  out: 'BENCH_OUT',
  cpuProfileDir: 'BENCH_CPU_PROFILE_DIR',
  label: 'BENCH_LABEL',
  temporal: 'BENCH_TEMPORAL',
};

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function parseOptions(argv: readonly string[], env: Record<string, string | undefined>): BenchOptions {
  const raw: Record<string, string> = {};
  for (const [key, envName] of Object.entries(FLAG_TO_ENV)) {
    if (env[envName] !== undefined) raw[key] = env[envName]!;
  }
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') throw new Error(usage());
    const m = /^--([a-z-]+)=(.*)$/.exec(arg);
    const key = m && Object.keys(FLAG_TO_ENV).find((k) => kebab(k) === m[1]);
    if (!m || !key) throw new Error(`unknown argument ${arg}\n${usage()}`);
    raw[key] = m[2];
  }
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${kebab(String(i.path[0]))}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}

export function usage(): string {
  return [
    'npm run bench -- [--parts=r0,t0,t1,e,traced,transformed,destinations,l0,latency,replay,isolation,fanout,ordered,lists,tenants,sources,resume] [--n=1000] [--concurrency=32]',
    '                 (backlog and soak run only when named: [--parts=e,backlog] [--backlog=100000] [--backlog-rate=per_s] [--parts=e,soak] [--soak-minutes=30])',
    '                 [--latency-n=300] [--latency-rate=per_s] [--fanout=1000] [--replay=1000] [--ordered=200] [--hung-backlog=400]',
    '                 [--ordered-keys=10] [--lists-attempts=1000000] [--lists-calls=200] [--tenants=1000] [--tenant-endpoints=10] [--tenant-rounds=5]',
    '                 [--timeout-s=300] [--log-level=warn] [--out=bench/results]',
    '                 [--label=text] [--cpu-profile-dir=DIR] [--temporal=dev|cluster]',
    'Each flag may also be given as BENCH_<NAME> in the environment (BENCH_N=500).',
  ].join('\n');
}
