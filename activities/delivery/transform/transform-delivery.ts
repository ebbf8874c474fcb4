// The transformation step of a delivery, between building the target and signing: the endpoint's
// function reshapes method, URL, headers and payload, or cancels, or fails. It always starts from the
// run's stored (untransformed) payload, so a retry or a replay is never transformed twice. Header
// values and URL credentials enter the sandbox masked; masks returned unchanged get the stored values back.
import type { DomainError } from '../../../src/domain/errors';
import { describeSandboxError } from '../../../src/transform/sandbox-result';
import { maskForSandbox, unmask } from '../../../src/transform/masking';
import type { Transformer } from '../../../src/transform/transformer';
import type { RequestTarget } from '../build-request';

export type TransformStep =
  | { kind: 'send'; target: RequestTarget; payload: unknown }
  | { kind: 'cancel' }
  | { kind: 'failed'; detail: string };

export interface TransformableEndpoint extends RequestTarget {
  id: string;
  /** The code when a transformation is set and enabled. */
  transformation: string | null;
}

interface RunToShape {
  webhookId: string;
  payload: unknown;
  eventId: string | null;
}

/** An event run's payload is its envelope; its type is the event type. */
export function eventTypeOf(run: RunToShape): string | null {
  const type = run.eventId && run.payload && typeof run.payload === 'object' ? (run.payload as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : null;
}

/**
 * What a queue endpoint's transformation sees as its URL: it shapes the payload (or cancels); the
 * method, URL and headers it returns are not used, since a queue message has none of them.
 */
export const QUEUE_URL_IN_SANDBOX = 'https://queue-destination.invalid/';

export async function transformDelivery(transformer: Transformer, endpoint: TransformableEndpoint, run: RunToShape, nowSeconds: number): Promise<TransformStep> {
  if (endpoint.transformation === null) return { kind: 'send', target: endpoint, payload: run.payload };
  const masked = endpoint.destination ? { url: QUEUE_URL_IN_SANDBOX, headers: {} } : maskForSandbox(endpoint);
  const out = await transformer.transform(
    endpoint.transformation,
    { method: endpoint.method, ...masked, payload: run.payload, eventType: eventTypeOf(run), endpointId: endpoint.id, webhookId: run.webhookId },
    nowSeconds * 1000,
    endpoint.id,
  );
  if (out.kind === 'cancel') return { kind: 'cancel' };
  if (out.kind === 'failed') return { kind: 'failed', detail: `transformation failed: ${describeSandboxError(out.error)}` };
  if (endpoint.destination) return { kind: 'send', target: endpoint, payload: out.webhook.payload };
  try {
    const shaped = unmask(out.webhook, endpoint);
    return { kind: 'send', target: { ...endpoint, method: shaped.method, url: shaped.url, headers: shaped.headers }, payload: shaped.payload };
  } catch (err) {
    return { kind: 'failed', detail: `transformation failed: the result is not a valid webhook: ${(err as DomainError).message}` };
  }
}
