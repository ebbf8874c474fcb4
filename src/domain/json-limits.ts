// What a JSON value EdgeCron stores or sends may be: nesting no deeper than the limit (deep values
// would blow validators' stacks), no `__proto__` keys, no NUL (PostgreSQL stores it in neither text
// nor jsonb). Shared by the API's body check and the transformation result check.
export type JsonProblem = { field: string; message: string } | undefined;

/** Walks the value without recursion, so no value can exhaust the stack. */
export function findJsonProblem(body: unknown, maxDepth: number, root = 'body'): JsonProblem {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: body, depth: 0, path: '' }];
  while (stack.length) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string' && value.includes('\0')) return { field: path || root, message: 'must not contain the NUL character (U+0000)' };
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) return { field: path || root, message: `nested deeper than ${maxDepth} levels` };
    for (const key of Object.keys(value)) {
      const child = path ? `${path}.${key}` : key;
      if (key === '__proto__') return { field: child, message: 'the key __proto__ is not allowed' };
      if (key.includes('\0')) return { field: path || root, message: 'keys must not contain the NUL character (U+0000)' };
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: child });
    }
  }
  return undefined;
}
