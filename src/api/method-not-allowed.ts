// 405 + Allow for a path the API serves with other methods (RFC 9110 §15.5.6), and OPTIONS answered with
// the same Allow. The one list of each path's methods is the operation registry the document is built from.
import type { RequestHandler } from 'express';
import type { ApiOperation } from './openapi/operation';
import { sendProblem } from './problem';

interface PathMethods {
  pattern: RegExp;
  allow: string;
}

/** `/v1/endpoints/:id` → /^\/v1\/endpoints\/[^/]+\/?$/ (Express matches a trailing slash too). */
const toPattern = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}/?$`);

export function pathMethods(ops: ApiOperation[]): PathMethods[] {
  const byPath = new Map<string, Set<string>>();
  for (const op of ops) {
    const methods = byPath.get(op.path) ?? new Set<string>();
    methods.add(op.method.toUpperCase());
    // Express answers HEAD wherever it answers GET.
    if (op.method === 'get') methods.add('HEAD');
    byPath.set(op.path, methods);
  }
  // A literal path wins over a parameter at the same place (`/replay` before `/:id`), as the routers order them.
  return [...byPath.entries()]
    .sort(([a], [b]) => a.split(':').length - b.split(':').length)
    .map(([path, methods]) => ({ pattern: toPattern(path), allow: [...methods, 'OPTIONS'].join(', ') }));
}

/**
 * OPTIONS, before any router (which would list the methods of every route the path matches, e.g. GET
 * `/:id` for `/replay`): 204 with the path's own methods. It needs no API key, as a CORS preflight would not.
 */
export function answerOptions(ops: ApiOperation[]): RequestHandler {
  const paths = pathMethods(ops);
  return (req, res, next) => {
    const found = req.method === 'OPTIONS' && paths.find((p) => p.pattern.test(req.path));
    if (!found) return next();
    res.setHeader('allow', found.allow);
    res.status(204).end();
  };
}

/** Mounted after every router: a request that reaches it matched no route, so its method is the problem (or its path). */
export function methodNotAllowed(ops: ApiOperation[]): RequestHandler {
  const paths = pathMethods(ops);
  return (req, res, next) => {
    const found = paths.find((p) => p.pattern.test(req.path));
    if (!found) return next();
    res.setHeader('allow', found.allow);
    sendProblem(res, {
      type: 'https://edgecron.dev/problems/405', title: 'Method not allowed', status: 405,
      detail: `${req.method} is not allowed on ${req.path}; allowed: ${found.allow}.`,
    });
  };
}
