// One sender per destination type, behind one interface: the delivery activity builds the signed
// request (../build-request.ts) and hands it here; the sender turns it into an HTTP call, an SQS
// message or a Kafka record, and answers with the one outcome every type records the same way.
import type { Destination } from '../../../src/contracts/destinations';
import type { CallOutcome, WebhookRequest } from '../http/send-webhook';

/** What a send needs besides the signed request. */
export interface OutboundMessage {
  /** The signed request an HTTP delivery of this run sends: its body and webhook-* headers are the message's. */
  request: WebhookRequest;
  endpointId: string;
  /** When the endpoint last changed: a client built for an older version is closed and built again. */
  endpointVersion: Date;
  webhookId: string;
  /** The run's ordering key: Kafka's record key, an SQS FIFO queue's message group. */
  orderingKey: string | null;
  /** For event runs: sent as the `event-type` attribute or header. */
  eventType: string | null;
}

/** A sender of one queue destination type; `client` is what it reuses across sends to one endpoint. */
export interface QueueSender<D extends Destination, Client> {
  connect(destination: D): Client;
  send(client: Client, destination: D, message: OutboundMessage): Promise<CallOutcome>;
  close(client: Client): Promise<void>;
}

/** The headers a queue message carries as attributes: the signature's, the trace's, and the event type. */
export function messageAttributes(message: OutboundMessage): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'traceparent']) {
    const value = message.request.headers[name];
    if (value !== undefined) attributes[name] = value;
  }
  if (message.eventType) attributes['event-type'] = message.eventType;
  return attributes;
}

/** Runs `send` with a hard bound: past `timeoutMs` the outcome is a timeout (the message may still arrive: at least once). */
export async function withinTimeout(timeoutMs: number, send: (signal: AbortSignal) => Promise<CallOutcome>): Promise<CallOutcome> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CallOutcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ errorKind: 'timeout', errorMessage: 'no acknowledgement within the endpoint timeout', latencyMs: Math.round(performance.now() - started) });
    }, timeoutMs);
  });
  try {
    return await Promise.race([send(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** An error's message with every credential of the destination replaced by the mask. */
export function scrub(message: string, secrets: Array<string | undefined>): string {
  return secrets.reduce<string>((m, s) => (s && s.length >= 4 ? m.split(s).join('********') : m), message).slice(0, 1000);
}
