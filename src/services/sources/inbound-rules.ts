// Where a source's event type and delivery id come from, and how a provider's type becomes a valid
// event type. No Node built-ins.
import type { SourceDeduplicate, SourceEventType, SourceVerification } from '../../contracts/source';
import { isEventType, MAX_EVENT_TYPE_LENGTH } from '../../domain/event-types';

/** EdgeCron's own operational events; no source may publish under it. */
export const RESERVED_TYPE_PREFIX = 'edgecron.';

export interface InboundContent {
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
  header(name: string): string | undefined;
}

const DEFAULT_TYPE: Partial<Record<SourceVerification['type'], SourceEventType>> = {
  stripe: { from: 'body', path: 'type' },
  standard_webhooks: { from: 'body', path: 'type' },
  github: { from: 'header', name: 'X-GitHub-Event' },
  shopify: { from: 'header', name: 'X-Shopify-Topic' },
};

type DedupKey = { header: string } | { path: string };

const DEFAULT_DEDUP_KEY: Partial<Record<SourceVerification['type'], DedupKey>> = {
  stripe: { path: 'id' },
  github: { header: 'X-GitHub-Delivery' },
  shopify: { header: 'X-Shopify-Webhook-Id' },
  standard_webhooks: { header: 'webhook-id' },
};

export const DEFAULT_DEDUP_WINDOW_SECONDS = 86_400;

export function eventTypeRule(type: SourceVerification['type'], configured: SourceEventType | null | undefined): SourceEventType | undefined {
  return configured ?? DEFAULT_TYPE[type];
}

/** The dedup window and key in force: configured, else the type's default (on for providers with a delivery id). */
export function dedupRule(type: SourceVerification['type'], configured: SourceDeduplicate | null | undefined): { windowSeconds: number; key: DedupKey } | undefined {
  if (configured === false) return undefined;
  const key = configured?.key ?? DEFAULT_DEDUP_KEY[type];
  return key ? { windowSeconds: configured?.windowSeconds ?? DEFAULT_DEDUP_WINDOW_SECONDS, key } : undefined;
}

function atPath(json: unknown, path: string): unknown {
  let at = json;
  for (const name of path.split('.')) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[name];
  }
  return at;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function deliveryIdOf(c: InboundContent, key: DedupKey): string | undefined {
  const value = 'header' in key ? c.header(key.header) : scalarText(atPath(c.json, key.path));
  return value?.slice(0, 255);
}

/** `/` becomes `.`, any other character an event type may not hold becomes `_` (`orders/create` → `orders.create`). */
export function normaliseEventType(raw: string): string {
  return raw
    .replace(/\//g, '.')
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .split('.')
    .map((segment) => segment || '_')
    .join('.');
}

export type TypeResult = { type: string } | { refused: string };

/** The event type a request publishes, or why there is none (the rule it followed, for a 422). */
export function inboundEventType(rule: SourceEventType | undefined, prefix: string | null, c: InboundContent): TypeResult {
  if (!rule) return { refused: 'the source has no eventType rule' };
  let raw: string | undefined;
  let ruleName: string;
  if ('value' in rule) [raw, ruleName] = [rule.value, 'eventType.value'];
  else if (rule.from === 'header') [raw, ruleName] = [c.header(rule.name), `header ${rule.name}`];
  else [raw, ruleName] = [scalarText(atPath(c.json, rule.path)), `body path ${rule.path}`];
  if (!raw) return { refused: `no event type at ${ruleName}` };
  const type = (prefix ?? '') + normaliseEventType(raw);
  if (type.startsWith(RESERVED_TYPE_PREFIX)) return { refused: `event types starting "${RESERVED_TYPE_PREFIX}" are EdgeCron's own (from ${ruleName})` };
  if (type.length > MAX_EVENT_TYPE_LENGTH || !isEventType(type)) return { refused: `the type from ${ruleName} is not a valid event type` };
  return { type };
}
