// Table rows of the destinations part (issue 33): per destination its rate and EdgeCron's CPU per
// delivery, and for the queues that CPU over HTTP's. A destination that failed shows why, beside the
// others' figures.
import type { DestinationFigures, DestinationsPart } from './parts/destinations';

type Row = [part: string, figure: string, value: string, target: string];
const fmt = (n: number | undefined, unit = '') => (n === undefined ? '-' : `${n}${unit}`);
const NAME = 'Destinations';
const LABELS = { http: 'HTTP', sqs: 'SQS', kafka: 'Kafka' } as const;

function kindRows(kind: keyof typeof LABELS, f: DestinationFigures | undefined): Row[] {
  const label = LABELS[kind];
  if (!f) return [[NAME, `${label}: not run`, '-', '']];
  if (f.status !== 'ok') return [[NAME, `${label}: FAILED`, '-', f.detail ?? '']];
  const what = kind === 'http' ? `(${f.from})` : `(arrived ${fmt(f.arrived)} of ${f.count})`;
  const rows: Row[] = [
    [NAME, `${label}: ${f.count} deliveries ${what}`, fmt(f.perSecond, ' /s'), ''],
    [NAME, `${label}: CPU ms / delivery, API + worker`, `${fmt(f.apiCpuMs)} + ${fmt(f.workerCpuMs)} = ${fmt(f.cpuMs)}`, ''],
  ];
  if (kind !== 'http') rows.push([NAME, `${label}: API+worker CPU / HTTP's`, fmt(f.cpuOverHttp), '<= 1.2']);
  return rows;
}

export function destinationRows(d: DestinationsPart | undefined): Row[] {
  if (!d) return [[NAME, 'not run', '-', '']];
  // Started no broker, or failed before any destination ran.
  if (!d.byKind) return [[NAME, d.status === 'failed' ? 'FAILED' : 'not available in this build', '-', d.detail ?? '']];
  return (['http', 'sqs', 'kafka'] as const).flatMap((k) => kindRows(k, d.byKind![k]));
}
