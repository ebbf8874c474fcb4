// The CLI's exit codes, and turning whatever went wrong into one of them with a readable message.
import { EdgeCronApiError, EdgeCronConnectionError } from '../errors';

export const EXIT = { ok: 0, api: 1, usage: 2, unreachable: 3 } as const;

/** Bad command line: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Failure {
  code: number;
  /** Lines for stderr. */
  lines: string[];
  /** What --json puts on stdout. */
  json: { error: Record<string, unknown> };
}

export function describeFailure(err: unknown, baseUrl: string): Failure {
  if (err instanceof UsageError) {
    return { code: EXIT.usage, lines: [`usage: ${err.message}`, 'run `edgecron --help` for the commands'], json: { error: { kind: 'usage', message: err.message } } };
  }
  if (err instanceof EdgeCronApiError) {
    const lines = [`${err.status} ${err.title}: ${err.detail}`];
    for (const e of err.errors) lines.push(`  ${e.field}: ${e.message}`);
    if (err.traceId) lines.push(`  traceId ${err.traceId}`);
    const problem = { kind: 'api', status: err.status, title: err.title, detail: err.detail, errors: err.errors, instance: err.instance, traceId: err.traceId };
    return { code: EXIT.api, lines, json: { error: problem } };
  }
  if (err instanceof EdgeCronConnectionError) {
    const message = `cannot reach the EdgeCron API at ${baseUrl} (is \`npm start\` running? set --url or EDGECRON_URL)`;
    return { code: EXIT.unreachable, lines: [message, `  ${err.message}`], json: { error: { kind: 'unreachable', url: baseUrl, message: err.message } } };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: EXIT.api, lines: [message], json: { error: { kind: 'internal', message } } };
}
