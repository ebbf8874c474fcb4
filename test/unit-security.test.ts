// Pure security rules, without the stack: the address policy, the secret box, key scopes, signing.
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { deniedReason, isHostAllowed, parseAllowList, refuseAddress, refuseUrlHost } from '../src/domain/node/address-policy';
import { generateApiKey, hashApiKey, scopeAllows } from '../src/domain/node/api-key';
import { createSecretBox, generateSecretKey, parseSecretKey } from '../src/domain/node/secret-box';
import { generateSigningSecret, signatureHeaders } from '../src/domain/node/signing';

describe('address policy', () => {
  it.each([
    ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'], ['10.20.30.40', 'private'], ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'], ['169.254.169.254', 'link-local (cloud metadata)'], ['100.127.255.255', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified ("this network")'], ['239.1.1.1', 'multicast'], ['250.0.0.1', 'reserved'], ['192.0.2.1', 'documentation'],
    ['::', 'unspecified'], ['::1', 'loopback'], ['fd00::1', 'unique-local'], ['febf::1', 'link-local'], ['::ffff:8.8.8.8', 'IPv4-mapped'],
    ['64:ff9b::808:808', 'NAT64'], ['2002:808:808::1', '6to4'], ['2001:db8::1', 'documentation'], ['2001:0:4136:e378::1', 'IETF protocol assignments (Teredo, ORCHID…)'],
  ])('%s is %s', (address, why) => {
    expect(deniedReason(address)).toBe(why);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '100.128.0.1', '172.32.0.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e'])(
    '%s is public',
    (address) => expect(deniedReason(address)).toBeUndefined(),
  );

  it('an allow-list opens CIDRs, IPs and host names, and rejects anything else', () => {
    const allow = parseAllowList(' 10.1.0.0/16, ::1 ,hooks.internal, *.corp.example ');
    expect(refuseAddress(allow, '10.1.2.3')).toBeUndefined();
    expect(refuseAddress(allow, '10.2.0.1')).toContain('private');
    expect(refuseAddress(allow, '::1')).toBeUndefined();
    expect(refuseAddress(allow, '127.0.0.1')).toContain('loopback');
    expect(isHostAllowed(allow, 'HOOKS.internal.')).toBe(true);
    expect(isHostAllowed(allow, 'a.b.corp.example')).toBe(true);
    expect(isHostAllowed(allow, 'corp.example.evil.com')).toBe(false);
    expect(isHostAllowed(allow, 'evilcorp.example')).toBe(false);
    expect(() => parseAllowList('10.0.0.0/33')).toThrow();
    expect(() => parseAllowList('http://x/')).toThrow(/DELIVERY_ALLOW_LIST/);
  });

  it.each([
    'http://2130706433/', 'http://0x7f000001/', 'http://0x7f.1/', 'http://0177.0.0.1/', 'http://127.1/', 'http://127.0.0.1./',
    'http://[::1]/', 'http://[0:0:0:0:0:0:0:1]/', 'http://[::ffff:7f00:1]/', 'http://LOCALHOST/', 'http://api.localhost/',
  ])('the URL %s is refused at the API with an empty allow-list', (url) => {
    expect(refuseUrlHost(parseAllowList(''), new URL(url))).toContain('refused');
  });

  it('names are left to delivery time; allowed names pass', () => {
    expect(refuseUrlHost(parseAllowList(''), new URL('https://example.com/'))).toBeUndefined();
    expect(refuseUrlHost(parseAllowList('127.0.0.0/8'), new URL('http://localhost:4000/'))).toBeUndefined();
  });
});

describe('secret box (AES-256-GCM)', () => {
  const box = createSecretBox(parseSecretKey(generateSecretKey()));

  it('seals with a fresh IV each time and opens only with the same key and context', () => {
    const a = box.seal('whsec_abc', 'endpoint:ep_1');
    const b = box.seal('whsec_abc', 'endpoint:ep_1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('whsec_abc');
    expect(box.open(a, 'endpoint:ep_1')).toBe('whsec_abc');
    expect(() => box.open(a, 'endpoint:ep_2')).toThrow();
    expect(() => createSecretBox(parseSecretKey(generateSecretKey())).open(a, 'endpoint:ep_1')).toThrow();
    // Another character in the second-to-last place (always significant in base64); replacing it with
    // a fixed 'A' left it unchanged once in 64 runs.
    const tampered = a.slice(0, -2) + (a.at(-2) === 'A' ? 'B' : 'A') + a.slice(-1);
    expect(tampered).not.toBe(a);
    expect(() => box.open(tampered, 'endpoint:ep_1')).toThrow();
  });

  it('accepts 32-byte keys as base64 or hex only', () => {
    expect(parseSecretKey('a'.repeat(64))).toHaveLength(32);
    expect(() => parseSecretKey('short')).toThrow(/32 bytes/);
    expect(() => parseSecretKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

describe('API keys', () => {
  it('are random, prefixed, and hashed to 32 bytes', () => {
    const a = generateApiKey();
    expect(a).toMatch(/^ek_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(generateApiKey());
    expect(hashApiKey(a)).toHaveLength(32);
  });

  it.each([
    ['read', 'GET', '/endpoints', true], ['read', 'HEAD', '/task-runs', true], ['read', 'POST', '/endpoints', false],
    ['read', 'DELETE', '/endpoints/ep_1', false], ['read', 'GET', '/endpoints/ep_1/secret', false], ['read', 'GET', '/api-keys', false],
    ['full', 'POST', '/api-keys', true], ['full', 'GET', '/endpoints/ep_1/secret', true],
  ] as const)('%s scope, %s %s → %s', (scope, method, path, allowed) => {
    expect(scopeAllows(scope, method, path)).toBe(allowed);
  });
});

describe('signing during a rotation', () => {
  it('sends one signature per secret, space-separated; either secret verifies', () => {
    const [next, previous] = [generateSigningSecret(), generateSigningSecret()];
    const ts = Math.floor(Date.now() / 1000);
    const headers = signatureHeaders([next, previous], 'msg_1', ts, '{"a":1}');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(next).verify('{"a":1}', headers)).not.toThrow();
    expect(() => new Webhook(previous).verify('{"a":1}', headers)).not.toThrow();
    expect(() => new Webhook(generateSigningSecret()).verify('{"a":1}', headers)).toThrow();
  });
});
