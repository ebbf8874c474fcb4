// Pure pieces of the fault handling: which database errors mean "unavailable" (503), and how the
// Temporal connection settings (TLS, mTLS, API key) come out of the configuration.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { isDatabaseUnavailable } from '../src/db/unavailable';
import { temporalConnectionOptions } from '../src/temporal/connection-options';

describe('database unavailable', () => {
  it('recognises a server shutdown that Prisma wraps under meta.driverAdapterError', () => {
    const err = Object.assign(new Error('Database error. Code: 57P01'), {
      code: 'P2039',
      meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode: '57P01', kind: 'postgres' } } },
    });
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it('recognises refused connections, pool timeouts and terminated connections', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    // A pooled connection an outage broke, used by a transaction (seen in the PostgreSQL outage chaos case).
    expect(isDatabaseUnavailable(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    // No pooled connection for a transaction in time (a burst of ordered accepts): try again, not our bug.
    expect(isDatabaseUnavailable(Object.assign(new Error('Transaction API error'), { code: 'P2028' }))).toBe(true);
    expect(isDatabaseUnavailable({ code: 'P1001' })).toBe(true);
  });

  it('leaves real bugs and constraint errors alone (they stay 500 / their own mapping)', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('Unique constraint failed'), { code: 'P2002' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

describe('Temporal connection settings', () => {
  it('is plain by default (the local dev server)', () => {
    expect(temporalConnectionOptions(loadConfig({}), 'localhost:7233')).toEqual({ address: 'localhost:7233' });
  });

  it('an API key implies TLS with the system CAs (Temporal Cloud)', () => {
    const options = temporalConnectionOptions(loadConfig({ TEMPORAL_API_KEY: 'key-123' }), 'eu-west-1.aws.api.temporal.io:7233');
    expect(options).toEqual({ address: 'eu-west-1.aws.api.temporal.io:7233', tls: {}, apiKey: 'key-123' });
  });

  it('reads the mTLS certificate, key, CA and server name from files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgecron-tls-conf-'));
    for (const f of ['cert.pem', 'key.pem', 'ca.pem']) writeFileSync(join(dir, f), `${f} contents`);
    const config = loadConfig({
      TEMPORAL_TLS_CERT: join(dir, 'cert.pem'), TEMPORAL_TLS_KEY: join(dir, 'key.pem'), TEMPORAL_TLS_CA: join(dir, 'ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    const { tls } = temporalConnectionOptions(config, 'ns.acct.tmprl.cloud:7233') as { tls: Record<string, any> };
    expect(tls.clientCertPair.crt.toString()).toBe('cert.pem contents');
    expect(tls.clientCertPair.key.toString()).toBe('key.pem contents');
    expect(tls.serverRootCACertificate.toString()).toBe('ca.pem contents');
    expect(tls.serverNameOverride).toBe('temporal.internal');
  });

  it('refuses a certificate without its key', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: '/x/cert.pem' })).toThrow(/TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together/);
  });
});
