// Pure rules of credential hygiene, without the stack: what counts as a URL credential and how it is
// masked, how masks sent back are filled in, and the per-address failed-authentication window.
import { describe, expect, it } from 'vitest';
import { authFailureLimit } from '../src/api/security/auth-failure-limit';
import { scopeAllows } from '../src/domain/node/api-key';
import { keepMaskedHeaders, keepMaskedUrl, MASK, maskUrl, urlHasCredentials } from '../src/domain/node/endpoint-credentials';
import { DomainError } from '../src/domain/errors';

describe('URL credentials', () => {
  it.each([
    ['https://u:p@h.example/x', `https://${MASK}:${MASK}@h.example/x`],
    ['https://tok@h.example/', `https://${MASK}@h.example/`],
    ['https://h.example/x?token=abc&page=2', `https://h.example/x?token=${MASK}&page=2`],
    ['https://h.example/?api_key=1&Signature=2&sig=3&X-Amz-Credential=4&access_token=5&q=x',
      `https://h.example/?api_key=${MASK}&Signature=${MASK}&sig=${MASK}&X-Amz-Credential=${MASK}&access_token=${MASK}&q=x`],
    ['https://h.example/?password=a%20b&name=a%20b', `https://h.example/?password=${MASK}&name=a%20b`], // the rest as written
    ['https://h.example/?token=&flag', 'https://h.example/?token=&flag'], // nothing to hide
  ])('%s is shown as %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
    expect(maskUrl(masked)).toBe(masked);
    expect(urlHasCredentials(masked)).toBe(false);
  });

  it('urls without credentials are left alone', () => {
    for (const url of ['https://h.example/hooks', 'https://h.example/?page=2&design=x', 'http://127.0.0.1:4000/']) {
      expect(urlHasCredentials(url)).toBe(false);
      expect(maskUrl(url)).toBe(url);
    }
  });

  it('a mask sent back takes the stored value, by name and position; other parts are the new ones', () => {
    const stored = 'https://u:p@h.example/a?token=one&token=two&page=1';
    expect(keepMaskedUrl(`https://${MASK}:${MASK}@h.example/b?token=${MASK}&token=${MASK}&page=3`, stored))
      .toBe('https://u:p@h.example/b?token=one&token=two&page=3');
    expect(keepMaskedUrl(`https://${MASK}:new@h.example/a?token=fresh&token=${MASK}`, stored)).toBe('https://u:new@h.example/a?token=fresh&token=two');
    expect(() => keepMaskedUrl(`https://h.example/?key=${MASK}`, 'https://h.example/')).toThrow(DomainError);
    expect(keepMaskedUrl('https://other.example', stored)).toBe('https://other.example'); // no mask: as written
  });

  it('a masked header keeps the stored value of that header, whatever its case; unknown masks are refused', () => {
    expect(keepMaskedHeaders({ authorization: MASK, 'X-New': 'v' }, { Authorization: 'Bearer s' })).toEqual({ authorization: 'Bearer s', 'X-New': 'v' });
    expect(() => keepMaskedHeaders({ 'X-Missing': MASK }, {})).toThrow(/headers.X-Missing/);
  });
});

describe('scopes for the new reads', () => {
  it('read keys may not reveal credentials or read the audit log, in any letter case', () => {
    for (const path of ['/endpoints/ep_1/credentials', '/endpoints/ep_1/Credentials/', '/audit-events', '/AUDIT-EVENTS']) {
      expect(scopeAllows('read', 'GET', path)).toBe(false);
      expect(scopeAllows('full', 'GET', path)).toBe(true);
    }
    expect(scopeAllows('read', 'GET', '/endpoints/ep_1')).toBe(true);
  });
});

describe('failed authentications per address', () => {
  it('refuses after the limit until the minute is over, per address', () => {
    let now = 1_000_000;
    const limit = authFailureLimit(3, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limit.retryAfterSeconds('a')).toBe(0);
      limit.recordFailure('a');
    }
    expect(limit.retryAfterSeconds('a')).toBe(60);
    expect(limit.retryAfterSeconds('b')).toBe(0);
    now += 45_500;
    expect(limit.retryAfterSeconds('a')).toBe(15);
    now += 15_000;
    expect(limit.retryAfterSeconds('a')).toBe(0); // a new minute
  });

  it('0 turns it off', () => {
    const limit = authFailureLimit(0);
    for (let i = 0; i < 100; i++) limit.recordFailure('a');
    expect(limit.retryAfterSeconds('a')).toBe(0);
  });
});
