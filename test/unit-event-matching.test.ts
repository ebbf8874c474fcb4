// Event matching rules, pure: type patterns, payload filters and their validation.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/domain/canonical-json';
import { matchesEventFilter, validateEventFilter } from '../src/domain/event-filter';
import { subscriptionMatches } from '../src/domain/event-matching';
import { isEventType, isEventTypePattern, patternsMatchingType, typePatternMatches } from '../src/domain/event-types';

describe('event type patterns', () => {
  it.each([
    ['invoice.paid', 'invoice.paid', true],
    ['invoice.paid', 'invoice.paid.v2', false],
    ['invoice.*', 'invoice.paid', true],
    ['invoice.*', 'invoice.paid.v2', true],
    ['invoice.*', 'invoice', false],
    ['invoice.*', 'invoices.paid', false],
    ['invoice.paid.*', 'invoice.paid.v2', true],
    ['*', 'anything.at.all', true],
  ])('%s vs %s → %s', (pattern, type, expected) => {
    expect(typePatternMatches(pattern, type)).toBe(expected);
  });

  it('lists every pattern that matches a type, for the indexed database lookup', () => {
    expect(patternsMatchingType('invoice.paid.v2')).toEqual(['*', 'invoice.*', 'invoice.paid.*', 'invoice.paid.v2']);
    expect(patternsMatchingType('ping')).toEqual(['*', 'ping']);
    for (const pattern of patternsMatchingType('a.b.c')) expect(typePatternMatches(pattern, 'a.b.c')).toBe(true);
  });

  it('validates names and patterns', () => {
    expect(isEventType('invoice.paid')).toBe(true);
    expect(isEventType('invoice.*')).toBe(false);
    expect(isEventType('invoice..paid')).toBe(false);
    expect(isEventType('')).toBe(false);
    expect(isEventTypePattern('invoice.*')).toBe(true);
    expect(isEventTypePattern('*')).toBe(true);
    expect(isEventTypePattern('*.paid')).toBe(false);
    expect(isEventTypePattern('invoice*')).toBe(false);
  });
});

describe('payload filters', () => {
  const invoice = { amount: 250, currency: 'EUR', customer: { tier: 'gold', tags: ['vip'] }, paid: true, note: null, lines: [{ sku: 'a' }] };
  const m = (filter: Record<string, unknown>) => matchesEventFilter(filter, invoice);

  it('equality on dotted paths, objects and arrays included', () => {
    expect(m({ currency: 'EUR' })).toBe(true);
    expect(m({ currency: 'USD' })).toBe(false);
    expect(m({ 'customer.tier': 'gold' })).toBe(true);
    expect(m({ 'customer.tags': ['vip'] })).toBe(true);
    expect(m({ 'lines.0.sku': 'a' })).toBe(true);
    expect(m({ customer: { tags: ['vip'], tier: 'gold' } })).toBe(true);
    expect(m({ note: null })).toBe(true);
    expect(m({ missing: null })).toBe(false);
    expect(m({})).toBe(true);
  });

  it('comparison operators compare like with like', () => {
    expect(m({ amount: { $gt: 100 } })).toBe(true);
    expect(m({ amount: { $gt: 250 } })).toBe(false);
    expect(m({ amount: { $gte: 250, $lte: 250 } })).toBe(true);
    expect(m({ amount: { $lt: 100 } })).toBe(false);
    expect(m({ amount: { $gt: '1' } })).toBe(false);
    expect(m({ currency: { $gte: 'E', $lt: 'F' } })).toBe(true);
    expect(m({ missing: { $lt: 1 } })).toBe(false);
  });

  it('$in, $nin, $ne, $eq, $exists', () => {
    expect(m({ currency: { $in: ['USD', 'EUR'] } })).toBe(true);
    expect(m({ currency: { $in: ['USD'] } })).toBe(false);
    expect(m({ currency: { $nin: ['USD'] } })).toBe(true);
    expect(m({ currency: { $ne: 'EUR' } })).toBe(false);
    expect(m({ missing: { $ne: 'x' } })).toBe(true);
    expect(m({ 'customer.tier': { $eq: 'gold' } })).toBe(true);
    expect(m({ note: { $exists: true } })).toBe(true);
    expect(m({ missing: { $exists: false } })).toBe(true);
    expect(m({ 'customer.missing': { $exists: true } })).toBe(false);
  });

  it('$and and $or combine filters', () => {
    expect(m({ $or: [{ currency: 'USD' }, { 'customer.tier': 'gold' }] })).toBe(true);
    expect(m({ $or: [{ currency: 'USD' }, { amount: { $lt: 10 } }] })).toBe(false);
    expect(m({ $and: [{ paid: true }, { amount: { $gt: 200 } }], currency: 'EUR' })).toBe(true);
    expect(m({ $and: [{ paid: true }, { amount: { $gt: 300 } }] })).toBe(false);
  });

  it('does not walk into prototypes or past scalars', () => {
    expect(matchesEventFilter({ 'a.constructor': { $exists: true } }, { a: {} })).toBe(false);
    expect(matchesEventFilter({ 'a.length': 3 }, { a: 'abc' })).toBe(false);
    expect(matchesEventFilter({ a: 1 }, 'not an object')).toBe(false);
  });
});

describe('filter validation names the problem', () => {
  it.each([
    [{ amount: { $gt: true } }, 'amount.$gt', 'must be a number or a string'],
    [{ amount: { $between: [1, 2] } }, 'amount.$between', 'unknown operator $between'],
    [{ currency: { $in: 'EUR' } }, 'currency.$in', 'must be an array'],
    [{ note: { $exists: 'yes' } }, 'note.$exists', 'must be true or false'],
    [{ $or: [] }, '$or', 'must be a non-empty array of filters'],
    [{ $or: [{ a: 1 }, 'x'] }, '$or.1', 'must be a filter object'],
    [{ $or: [{ a: { $lt: {} } }] }, '$or.0.a.$lt', 'must be a number or a string'],
    [{ $where: 'x' }, '$where', 'unknown operator $where at this level (use $and, $or or a field path)'],
    [{ 'a..b': 1 }, 'a..b', 'not a valid field path (dot-separated names, none empty or starting with $)'],
    [{ a: { $gt: 1, b: 2 } }, 'a', 'mixes operators and plain keys; use one or the other'],
  ])('%j → %s', (filter, path, message) => {
    expect(validateEventFilter(filter)).toContainEqual({ path, message });
  });

  it('accepts a well-formed filter and rejects non-objects', () => {
    expect(validateEventFilter({ amount: { $gte: 1 }, $or: [{ a: { $in: [1, 2] } }, { b: { $exists: false } }], c: { d: 1 } })).toEqual([]);
    expect(validateEventFilter([])).toEqual([{ path: '', message: 'must be an object' }]);
  });

  it('limits nesting', () => {
    let deep: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 12; i++) deep = { $and: [deep] };
    expect(validateEventFilter(deep).some((p) => p.message.includes('nested deeper'))).toBe(true);
  });
});

describe('subscriptions', () => {
  const event = { type: 'invoice.paid', payload: { amount: 50 } };
  it('need a matching type pattern and, if set, a matching filter', () => {
    expect(subscriptionMatches({ eventTypes: ['invoice.*'], eventFilter: null }, event)).toBe(true);
    expect(subscriptionMatches({ eventTypes: [], eventFilter: null }, event)).toBe(false);
    expect(subscriptionMatches({ eventTypes: ['order.*', 'invoice.paid'], eventFilter: { amount: { $gt: 10 } } }, event)).toBe(true);
    expect(subscriptionMatches({ eventTypes: ['*'], eventFilter: { amount: { $gt: 100 } } }, event)).toBe(false);
  });
});

describe('canonicalJson', () => {
  it('ignores key order at every level, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
