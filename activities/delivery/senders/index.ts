// Picks the sender for an endpoint: HTTP (undici, ../http/send-webhook.ts) when it has a URL, else its
// destination type's sender with the endpoint's cached client. Adding a destination type is one sender
// file here plus its contract (src/contracts/destinations); see docs/destinations.md.
import type { Dispatcher } from 'undici';
import type { Destination } from '../../../src/contracts/destinations';
import type { Db } from '../../../src/db/prisma';
import type { AllowList } from '../../../src/domain/node/address-policy';
import { sendWebhook, type CallOutcome } from '../http/send-webhook';
import { createClientCache, type ClientCache } from './client-cache';
import { createKafkaSender } from './kafka.sender';
import type { OutboundMessage, QueueSender } from './sender';
import { createSqsSender } from './sqs.sender';

export interface Senders {
  send(destination: Destination | null, message: OutboundMessage): Promise<CallOutcome>;
  /** Closes the clients of endpoints deleted or changed since their client was built (the worker calls it every minute). */
  sweep(db: Db): Promise<void>;
  close(): Promise<void>;
  /** Queue clients open now (tests read it to see clients reused, not built per message). */
  openClients(): number;
}

/** Failures after which the endpoint's client is built again: its connections may be broken. */
const REBUILD_AFTER = new Set(['network', 'timeout', 'blocked', 'auth_failed', 'rejected']);

type AnySender = QueueSender<Destination, unknown>;

export function createSenders(dispatcher: Dispatcher, allowList: AllowList): Senders {
  const byType: Record<Destination['type'], AnySender> = {
    sqs: createSqsSender(allowList) as AnySender,
    kafka: createKafkaSender(allowList) as AnySender,
  };
  const caches = new Map<Destination['type'], ClientCache<unknown>>(Object.keys(byType).map((t) => [t as Destination['type'], createClientCache()]));

  async function sendToQueue(destination: Destination, message: OutboundMessage): Promise<CallOutcome> {
    const sender = byType[destination.type];
    const cache = caches.get(destination.type)!;
    const client = cache.get(message.endpointId, message.endpointVersion, () => {
      const built = sender.connect(destination);
      return { client: built, version: message.endpointVersion.getTime(), close: () => sender.close(built) };
    });
    const outcome = await sender.send(client, destination, message);
    if (outcome.errorKind && REBUILD_AFTER.has(outcome.errorKind)) await cache.drop(message.endpointId);
    return outcome;
  }

  return {
    send: (destination, message) => (destination ? sendToQueue(destination, message) : sendWebhook(message.request, dispatcher)),
    async sweep(db) {
      for (const cache of caches.values()) {
        await cache.sweep(async (versions) => {
          const live = await db.endpoint.findMany({ where: { id: { in: [...versions.keys()] }, deletedAt: null }, select: { id: true, updatedAt: true } });
          const current = new Map(live.map((e) => [e.id, e.updatedAt.getTime()]));
          return [...versions].filter(([id, version]) => (current.get(id) ?? Infinity) > version).map(([id]) => id);
        });
      }
    },
    async close() {
      await Promise.all([...caches.values()].map((c) => c.closeAll()));
    },
    openClients: () => [...caches.values()].reduce((n, c) => n + c.size(), 0),
  };
}
