// SSRF-safe delivery. The shared test stack allows loopback (its receivers listen there), so the
// refusals are shown on the delivery module itself: sendWebhook through createGuardedAgent with an
// EMPTY allow-list — the production default — against real loopback receivers that must never be
// reached. The stack is used for what it can show: the API refusing internal URLs, and a refused
// delivery recorded on the attempt and dead-lettered.
import { lookup as systemLookup, type LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createGuardedAgent, type LookupFn } from '../activities/delivery/http/guarded-agent';
import { sendWebhook } from '../activities/delivery/http/send-webhook';
import { parseAllowList } from '../src/domain/node/address-policy';
import { decideOutcome } from '../src/domain/delivery-outcome';
import { api, runUntilFinal } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';

/** A loopback receiver on both 127.0.0.1 and ::1 that counts what reaches it. */
interface Target {
  port: number;
  hits: string[];
  server: Server;
}

async function startTarget(answer: (res: import('node:http').ServerResponse) => void = (res) => res.writeHead(200).end('ok')): Promise<Target> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    answer(res);
  });
  await new Promise<void>((r) => server.listen({ port: 0, host: '::', ipv6Only: false }, () => r()));
  return { port: (server.address() as AddressInfo).port, hits, server };
}

const closeTarget = (t: Target) => new Promise<void>((r) => { t.server.closeAllConnections(); t.server.close(() => r()); });

/** A resolver with a few made-up names that point inside; other names go to the system resolver. */
const testLookup: LookupFn = (hostname, _options, callback) => {
  const table: Record<string, LookupAddress[]> = {
    'rebind.internal.test': [{ address: '127.0.0.1', family: 4 }],
    'metadata.internal.test': [{ address: '169.254.169.254', family: 4 }],
    'mixed.internal.test': [{ address: '10.1.2.3', family: 4 }, { address: 'fd00::1', family: 6 }],
    'public.test': [{ address: '93.184.216.34', family: 4 }],
  };
  const found = table[hostname];
  if (!found) return systemLookup(hostname, { all: true }, callback);
  callback(null, found);
};

const strict = createGuardedAgent({ allowList: parseAllowList(''), lookup: testLookup });

function send(url: string, dispatcher = strict) {
  return sendWebhook({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 3000, responseBodyCap: 1024 }, dispatcher);
}

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await closeTarget(target);
  await strict.close();
});

describe('delivery refuses internal addresses when the allow-list is empty (production default)', () => {
  it.each([
    ['loopback', (p: number) => `http://127.0.0.1:${p}/hook`, 'loopback'],
    ['loopback, decimal spelling', (p: number) => `http://2130706433:${p}/hook`, 'loopback'],
    ['loopback, hex spelling', (p: number) => `http://0x7f.1:${p}/hook`, 'loopback'],
    ['loopback, octal spelling', (p: number) => `http://0177.0.0.1:${p}/hook`, 'loopback'],
    ['loopback, short spelling', (p: number) => `http://127.1:${p}/hook`, 'loopback'],
    ['IPv6 loopback, bracketed', (p: number) => `http://[::1]:${p}/hook`, 'loopback'],
    ['IPv4-mapped IPv6 loopback', (p: number) => `http://[::ffff:127.0.0.1]:${p}/hook`, 'IPv4-mapped'],
    ['localhost (system resolver)', (p: number) => `http://localhost:${p}/hook`, 'loopback'],
    ['a name that resolves to 127.0.0.1', (p: number) => `http://rebind.internal.test:${p}/hook`, 'loopback'],
  ])('%s: refused before any request reaches the listening receiver', async (_name, url, why) => {
    const outcome = await send(url(target.port));
    expect(outcome.errorKind).toBe('blocked');
    expect(outcome.errorMessage).toContain(why);
    expect(outcome.errorMessage).toContain('DELIVERY_ALLOW_LIST');
    expect(outcome.statusCode).toBeUndefined();
    expect(decideOutcome(outcome)).toEqual({ decision: 'dead_letter', reason: 'destination address refused by the delivery policy' });
    expect(target.hits).toEqual([]);
  });

  it.each([
    ['http://10.0.0.1/', 'private'],
    ['http://172.16.5.4/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://3232235777/', 'private'], // 192.168.1.1 as one decimal number
    ['http://0xa.0.0.1/', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local (cloud metadata)'],
    ['http://metadata.internal.test/', 'link-local (cloud metadata)'],
    ['http://100.64.0.1/', 'carrier-grade NAT'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://240.0.0.1/', 'reserved'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://192.0.2.10/', 'documentation'],
    ['http://198.51.100.10/', 'documentation'],
    ['http://203.0.113.10/', 'documentation'],
    ['http://198.18.0.1/', 'benchmarking'],
    ['http://[::]/', 'unspecified'],
    ['http://[fc00::1]/', 'unique-local'],
    ['http://[fd12:3456::1]/', 'unique-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://[::ffff:10.0.0.1]/', 'IPv4-mapped'],
    ['http://[::ffff:169.254.169.254]/', 'IPv4-mapped'],
    ['http://[64:ff9b::7f00:1]/', 'NAT64'],
    ['http://[2002:7f00:1::1]/', '6to4'],
    ['http://[2001:db8::1]/', 'documentation'],
    ['https://mixed.internal.test/', 'private'],
  ])('%s is refused as %s', async (url, why) => {
    const outcome = await send(url);
    expect(outcome.errorKind).toBe('blocked');
    expect(outcome.errorMessage).toContain(why);
  });

  it('a public address is not refused: the request goes out (answered, or failing as network/timeout offline)', async () => {
    const outcome = await sendWebhook(
      { url: 'http://public.test/hook', method: 'POST', headers: {}, body: '{}', timeoutMs: 500, responseBodyCap: 1024 },
      strict,
    );
    expect(outcome.errorKind).not.toBe('blocked');
    expect(outcome.statusCode !== undefined || ['network', 'timeout'].includes(outcome.errorKind!)).toBe(true);
  });

  it('follows no redirect: a 302 to the metadata address or to another internal receiver is only recorded', async () => {
    const internal = await startTarget();
    const redirector = await startTarget((res) => res.writeHead(302, { location: `http://127.0.0.1:${internal.port}/admin` }).end());
    const metadataRedirector = await startTarget((res) => res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
    // The redirecting receivers themselves are allow-listed by port-less CIDR; the point is what happens next.
    const loopbackAllowed = createGuardedAgent({ allowList: parseAllowList('127.0.0.0/8') });
    try {
      const first = await send(`http://127.0.0.1:${redirector.port}/hook`, loopbackAllowed);
      const second = await send(`http://127.0.0.1:${metadataRedirector.port}/hook`, loopbackAllowed);
      expect(first.statusCode).toBe(302);
      expect(second.statusCode).toBe(307);
      expect(decideOutcome(first).decision).toBe('dead_letter');
      expect(internal.hits).toEqual([]);
      expect(redirector.hits).toEqual(['POST /hook']);
    } finally {
      await loopbackAllowed.close();
      await Promise.all([internal, redirector, metadataRedirector].map(closeTarget));
    }
  });

  it('the allow-list opens exactly what it names: a CIDR, or a host name', async () => {
    const byCidr = createGuardedAgent({ allowList: parseAllowList('127.0.0.0/8'), lookup: testLookup });
    const byName = createGuardedAgent({ allowList: parseAllowList('rebind.internal.test'), lookup: testLookup });
    try {
      expect((await send(`http://127.0.0.1:${target.port}/cidr`, byCidr)).statusCode).toBe(200);
      expect((await send(`http://[::1]:${target.port}/v6`, byCidr)).errorKind).toBe('blocked'); // ::1 not listed
      expect((await send(`http://rebind.internal.test:${target.port}/name`, byName)).statusCode).toBe(200);
      expect((await send(`http://127.0.0.1:${target.port}/other`, byName)).errorKind).toBe('blocked');
      expect(target.hits).toEqual(['POST /cidr', 'POST /name']);
    } finally {
      target.hits.length = 0;
      await byCidr.close();
      await byName.close();
    }
  });
});

describe('through the running stack', () => {
  it.each([
    'http://10.0.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/', // 169.254.169.254 in decimal
    'http://0xa9.0xfe.0xa9.0xfe/',
    'http://[fd00::1]/hook',
    'http://[::ffff:192.168.0.1]/',
    'http://[fe80::1]/',
    'http://100.64.1.1/',
  ])('the API refuses an endpoint at %s with 403, naming url', async (url) => {
    const res = await api('POST', '/v1/endpoints', { url });
    expect(res.status).toBe(403);
    expect(res.body.errors[0].field).toBe('url');
    expect(res.body.errors[0].message).toContain('refused');
  });

  it.each(['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'gopher://example.com/', '//example.com/x', 'example.com'])(
    'the API accepts only http(s) URLs: %s is a 400',
    async (url) => {
      const res = await api('POST', '/v1/endpoints', { url });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: any) => e.field)).toContain('url');
    },
  );

  it('a PATCH to an internal URL is refused too', async () => {
    const endpoint = await createEndpoint({ url: 'https://example.com/hook' });
    const res = await api('PATCH', `/v1/endpoints/${endpoint.id}`, { url: 'http://192.168.0.10/' });
    expect(res.status).toBe(403);
    expect(res.body.errors[0].field).toBe('url');
  });

  it('a delivery to a refused address is recorded on the attempt as `blocked` and dead-lettered at once, not retried', async () => {
    // An endpoint whose URL became internal behind the API's back (e.g. stored before the allow-list
    // was narrowed): the delivery-time check is what stops it.
    const endpoint = await createEndpoint({ url: 'https://example.com/hook' });
    const db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    await db.query(`UPDATE "Endpoint" SET url = $1 WHERE id = $2`, ['http://169.254.169.254/latest/meta-data/', endpoint.id]);
    await db.end();
    const run = (await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { probe: true } })).body;
    const final = await runUntilFinal(run.id);
    expect(final.status).toBe('dead_letter');
    const attempts = (await api('GET', `/v1/task-runs/${run.id}/attempts`)).body.data;
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ errorKind: 'blocked', decision: 'dead_letter' });
    expect(attempts[0].errorMessage).toContain('169.254.169.254 is link-local (cloud metadata)');
  });
});
