// JSON with object keys sorted at every level, so equal values serialise (and hash) equally whatever
// order a client sent the keys in. Used to compare a re-published event with the original.

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  // fromEntries defines own properties, so even a `__proto__` key stays plain data.
  return Object.fromEntries(Object.keys(source).sort().map((key) => [key, sortKeys(source[key])]));
}
