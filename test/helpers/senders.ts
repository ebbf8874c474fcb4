// Signing as the outside senders do, with their own libraries: Stripe's SDK, Octokit's webhook methods,
// the standardwebhooks package, and Shopify's documented base64 HMAC-SHA256 of the raw body.
import { createHmac, randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import { inject } from 'vitest';
import { api } from './api';

const stripe = new Stripe('sk_test_edgecron');

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export interface Sender {
  type: 'stripe' | 'standard_webhooks' | 'github' | 'shopify';
  /** A fresh secret as the provider would issue it. */
  newSecret(): string;
  /** A delivery of provider type `kind` with delivery id `id`, signed with `secret` at `timestampSeconds`. */
  sign(secret: string, o: { id: string; kind: string; data: unknown; timestampSeconds?: number }): Promise<SignedRequest>;
  /** Whether the scheme signs a timestamp (replay protection beyond dedup). */
  timestamped: boolean;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const whsec = () => `whsec_${Buffer.from(randomUUID() + randomUUID()).toString('base64').slice(0, 32)}`;

export const senders: Sender[] = [
  {
    type: 'stripe', timestamped: true, newSecret: whsec,
    async sign(secret, o) {
      const body = JSON.stringify({ id: o.id, object: 'event', type: o.kind, data: { object: o.data } });
      const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: o.timestampSeconds ?? nowSeconds() });
      return { body, headers: { 'content-type': 'application/json', 'stripe-signature': header } };
    },
  },
  {
    type: 'standard_webhooks', timestamped: true, newSecret: whsec,
    async sign(secret, o) {
      const body = JSON.stringify({ type: o.kind, data: o.data });
      const at = new Date((o.timestampSeconds ?? nowSeconds()) * 1000);
      const signature = new Webhook(secret).sign(o.id, at, body);
      return { body, headers: { 'content-type': 'application/json', 'webhook-id': o.id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature } };
    },
  },
  {
    type: 'github', timestamped: false, newSecret: () => `gh-${randomUUID()}`,
    async sign(secret, o) {
      const body = JSON.stringify({ action: 'opened', data: o.data });
      return { body, headers: { 'content-type': 'application/json', 'x-github-event': o.kind, 'x-github-delivery': o.id, 'x-hub-signature-256': await githubSign(secret, body) } };
    },
  },
  {
    type: 'shopify', timestamped: false, newSecret: () => `shpss_${randomUUID()}`,
    async sign(secret, o) {
      const body = JSON.stringify({ id: 1, data: o.data });
      const hmac = createHmac('sha256', secret).update(body, 'utf8').digest('base64');
      return { body, headers: { 'content-type': 'application/json', 'x-shopify-topic': o.kind, 'x-shopify-webhook-id': o.id, 'x-shopify-hmac-sha256': hmac } };
    },
  },
];

export interface InboundAnswer {
  status: number;
  body: any;
  headers: Headers;
}

/** Sends a request to /in/:sourceId as the provider would (no API key). */
export async function sendInbound(sourceId: string, req: SignedRequest, baseUrl: string = inject('apiUrl')): Promise<InboundAnswer> {
  const res = await fetch(`${baseUrl}/in/${sourceId}`, { method: 'POST', headers: req.headers, body: req.body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** How many events a source has published (GET /v1/events?sourceId=). */
export async function eventsOfSource(sourceId: string): Promise<any[]> {
  const res = await api('GET', `/v1/events?sourceId=${sourceId}&limit=100`);
  if (res.status !== 200) throw new Error(`events list failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

/** POST /v1/sources as the bootstrap key; throws unless 201. */
export async function createSource(body: Record<string, unknown>): Promise<any> {
  const res = await api('POST', '/v1/sources', body);
  if (res.status !== 201) throw new Error(`source create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
