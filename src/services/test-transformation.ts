// POST /v1/transformations/test: runs a function once, on a webhook given or on an endpoint's own code
// with a payload, and answers its result, duration and console.log lines; or a 422 naming the error.
// The endpoint's header values and URL credentials stay masked: a test never reveals them.
import type { TestTransformationBody } from '../contracts/transformation';
import { DomainError, unprocessable } from '../domain/errors';
import { maskHeaders, maskUrl } from '../domain/node/endpoint-credentials';
import { describeSandboxError, type SandboxError } from '../transform/sandbox-result';
import type { WebhookInput } from '../transform/transformer';
import type { DbDeps } from './deps';
import type { TransformerDeps } from './endpoint-transformation';
import { findLiveEndpoint } from './endpoints';

const KIND_TITLES: Record<SandboxError['kind'], string> = {
  syntax: 'Syntax error in the transformation',
  thrown: 'The transformation threw an error',
  timeout: 'The transformation reached its time limit',
  memory: 'The transformation reached its memory limit',
  crash: 'The transformation sandbox stopped',
  invalid: 'The transformation returned an invalid webhook',
};

async function codeAndWebhook(deps: DbDeps, body: TestTransformationBody): Promise<{ code: string; webhook: WebhookInput }> {
  if ('code' in body) {
    const w = body.webhook;
    return {
      code: body.code,
      webhook: { method: w.method, url: w.url, headers: w.headers, payload: w.payload ?? null, eventType: w.eventType ?? null, endpointId: w.endpointId ?? null, webhookId: w.webhookId ?? null },
    };
  }
  const endpoint = await findLiveEndpoint(deps, body.endpointId);
  if (endpoint.transformationCode === null) {
    // The endpoint's state, not the request's shape: a 409, like other calls the resource's state refuses.
    const message = 'this endpoint has no transformation';
    throw new DomainError('conflict', 'No transformation', `endpointId: ${message}`, [{ field: 'endpointId', message }]);
  }
  return {
    code: endpoint.transformationCode,
    webhook: {
      method: endpoint.method, url: maskUrl(endpoint.url), headers: maskHeaders(endpoint.headers),
      payload: body.payload ?? null, eventType: body.eventType ?? null, endpointId: endpoint.id, webhookId: null,
    },
  };
}

export async function testTransformation(deps: DbDeps & TransformerDeps, body: TestTransformationBody) {
  const { code, webhook } = await codeAndWebhook(deps, body);
  // Date.now() inside is a webhook-timestamp: whole seconds.
  const nowMs = Math.floor(Date.now() / 1000) * 1000;
  const out = await deps.transformer.transform(code, webhook, nowMs, `test:${webhook.endpointId ?? ''}`);
  if (out.kind === 'failed') {
    const { error } = out;
    const field = error.kind === 'invalid' ? 'result' : 'code';
    throw unprocessable(KIND_TITLES[error.kind], field, describeSandboxError(error));
  }
  const result = out.kind === 'cancel' ? { ...webhook, cancel: true } : { ...out.webhook, cancel: false };
  return { result, durationMs: out.durationMs, logs: out.logs };
}
