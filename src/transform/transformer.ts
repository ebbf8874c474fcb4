// One transformation call from start to a verdict: run the handler in the sandbox pool, then check
// that what it returned is a webhook EdgeCron may send. Independent of the sender (HTTP today, queues
// later) and of the caller (delivery, the test call).
import type { SandboxPool } from './sandbox-pool';
import type { SandboxError } from './sandbox-result';
import { validateResult, type ResultLimits, type TransformedWebhook } from './validate-result';

/** What the handler receives. */
export interface WebhookInput extends TransformedWebhook {
  eventType: string | null;
  endpointId: string | null;
  webhookId: string | null;
}

interface Ran {
  durationMs: number;
  logs: string[];
}

export type TransformOutcome =
  | (Ran & { kind: 'send'; webhook: TransformedWebhook })
  | (Ran & { kind: 'cancel' })
  | (Ran & { kind: 'failed'; error: SandboxError });

export interface Transformer {
  /** `nowMs`: Date.now() inside (the webhook-timestamp); `key`: the fairness key (the endpoint). */
  transform(code: string, webhook: WebhookInput, nowMs: number, key: string): Promise<TransformOutcome>;
  /** The syntax error in the code, if any. */
  checkSyntax(code: string): Promise<SandboxError | undefined>;
}

export function createTransformer(pool: SandboxPool, limits: ResultLimits): Transformer {
  return {
    async transform(code, webhook, nowMs, key) {
      const answer = await pool.run({ code, input: JSON.stringify(webhook), nowMs }, key);
      const ran = { durationMs: Math.round(answer.durationMs * 100) / 100, logs: answer.logs };
      if (!answer.ok) return { ...ran, kind: 'failed', error: answer.error };
      const verdict = validateResult(answer.output!, limits);
      if ('problem' in verdict) return { ...ran, kind: 'failed', error: { kind: 'invalid', message: `the result is not a valid webhook: ${verdict.problem}` } };
      return verdict.cancel ? { ...ran, kind: 'cancel' } : { ...ran, kind: 'send', webhook: verdict.webhook };
    },
    async checkSyntax(code) {
      const answer = await pool.run({ code, input: 'null', nowMs: 0, checkOnly: true }, 'syntax-check');
      if (answer.ok) return undefined;
      return answer.error;
    },
  };
}
