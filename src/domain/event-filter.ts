// Payload filters endpoints subscribe with, in a small MongoDB-like language. Pure module: a workflow
// could import it. Keys are dotted paths into the event payload (`customer.tier`, `items.0.sku`), or
// `$and` / `$or` with a list of filters. A path's condition is a JSON value (deep equality) or an
// object of operators: $eq $ne $in $nin $gt $gte $lt $lte $exists.
//   { "amount": { "$gte": 100 }, "$or": [{ "currency": "EUR" }, { "customer.tier": { "$in": ["gold"] } }] }
// Semantics: a missing path equals nothing (use $exists: false for "absent"); $ne and $nin match when
// the path is missing; $gt & co. compare numbers with numbers and strings with strings, else no match.

export type EventFilter = Record<string, unknown>;

export interface FilterProblem {
  /** Where in the filter, dotted: `amount.$gt`, `$or.1.currency`. */
  path: string;
  message: string;
}

const COMPARISONS = ['$gt', '$gte', '$lt', '$lte'] as const;
const OPERATORS = new Set(['$eq', '$ne', '$in', '$nin', '$exists', ...COMPARISONS]);
const MAX_DEPTH = 8;
const MAX_LIST = 500;
const PATH_SEGMENT = /^[^.$][^.]*$/;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isOperatorObject = (v: unknown): v is Record<string, unknown> =>
  isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));

const join = (base: string, key: string | number) => (base ? `${base}.${key}` : String(key));

// ---- validation --------------------------------------------------------------------------------

/** Every problem in `filter`; empty when it is valid. */
export function validateEventFilter(filter: unknown): FilterProblem[] {
  const problems: FilterProblem[] = [];
  if (!isPlainObject(filter)) return [{ path: '', message: 'must be an object' }];
  checkFilter(filter, '', 0, problems);
  return problems;
}

function checkFilter(filter: Record<string, unknown>, at: string, depth: number, out: FilterProblem[]): void {
  if (depth > MAX_DEPTH) {
    out.push({ path: at, message: `nested deeper than ${MAX_DEPTH} levels` });
    return;
  }
  for (const [key, condition] of Object.entries(filter)) {
    const here = join(at, key);
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition) || condition.length === 0) {
        out.push({ path: here, message: 'must be a non-empty array of filters' });
        continue;
      }
      if (condition.length > MAX_LIST) out.push({ path: here, message: `at most ${MAX_LIST} filters` });
      condition.forEach((sub, i) => {
        if (isPlainObject(sub)) checkFilter(sub, join(here, i), depth + 1, out);
        else out.push({ path: join(here, i), message: 'must be a filter object' });
      });
    } else if (key.startsWith('$')) {
      out.push({ path: here, message: `unknown operator ${key} at this level (use $and, $or or a field path)` });
    } else if (!key.split('.').every((s) => PATH_SEGMENT.test(s))) {
      out.push({ path: here, message: 'not a valid field path (dot-separated names, none empty or starting with $)' });
    } else {
      checkCondition(condition, here, out);
    }
  }
}

function checkCondition(condition: unknown, at: string, out: FilterProblem[]): void {
  if (!isPlainObject(condition)) return; // a literal: equality
  const keys = Object.keys(condition);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (operators.length === 0) return; // an object literal: deep equality
  if (operators.length !== keys.length) {
    out.push({ path: at, message: 'mixes operators and plain keys; use one or the other' });
    return;
  }
  for (const op of operators) {
    const value = condition[op];
    const here = join(at, op);
    if (!OPERATORS.has(op)) out.push({ path: here, message: `unknown operator ${op}` });
    else if (op === '$exists' && typeof value !== 'boolean') out.push({ path: here, message: 'must be true or false' });
    else if ((op === '$in' || op === '$nin') && !Array.isArray(value)) out.push({ path: here, message: 'must be an array' });
    else if ((op === '$in' || op === '$nin') && (value as unknown[]).length > MAX_LIST) out.push({ path: here, message: `at most ${MAX_LIST} values` });
    else if ((COMPARISONS as readonly string[]).includes(op) && typeof value !== 'number' && typeof value !== 'string') {
      out.push({ path: here, message: 'must be a number or a string' });
    }
  }
}

// ---- evaluation --------------------------------------------------------------------------------

const MISSING = Symbol('missing');

function valueAt(payload: unknown, path: string): unknown {
  let current: unknown = payload;
  for (const segment of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isPlainObject(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return MISSING;
    if (current === undefined) return MISSING;
  }
  return current;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function compare(op: (typeof COMPARISONS)[number], actual: unknown, bound: unknown): boolean {
  const comparable = (typeof actual === 'number' && typeof bound === 'number') || (typeof actual === 'string' && typeof bound === 'string');
  if (!comparable) return false;
  const [a, b] = [actual as number | string, bound as number | string];
  if (op === '$gt') return a > b;
  if (op === '$gte') return a >= b;
  if (op === '$lt') return a < b;
  return a <= b;
}

function operatorHolds(op: string, actual: unknown, operand: unknown): boolean {
  const present = actual !== MISSING;
  switch (op) {
    case '$eq': return present && deepEqual(actual, operand);
    case '$ne': return !present || !deepEqual(actual, operand);
    case '$in': return present && (operand as unknown[]).some((v) => deepEqual(actual, v));
    case '$nin': return !present || !(operand as unknown[]).some((v) => deepEqual(actual, v));
    case '$exists': return present === operand;
    case '$gt': case '$gte': case '$lt': case '$lte': return present && compare(op, actual, operand);
    default: return false; // unknown operators never pass validation; fail closed if one slips in
  }
}

/** True when `payload` satisfies `filter`. Assumes the filter passed validateEventFilter. */
export function matchesEventFilter(filter: EventFilter, payload: unknown): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return (condition as EventFilter[]).every((f) => matchesEventFilter(f, payload));
    if (key === '$or') return (condition as EventFilter[]).some((f) => matchesEventFilter(f, payload));
    const actual = valueAt(payload, key);
    if (isOperatorObject(condition)) return Object.entries(condition).every(([op, v]) => operatorHolds(op, actual, v));
    return actual !== MISSING && deepEqual(actual, condition);
  });
}
