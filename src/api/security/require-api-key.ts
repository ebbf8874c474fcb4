// Every /v1 call needs `Authorization: Bearer <key>`. One 401 for every kind of bad key; 403 when a
// read-scope key tries to change something, reveal a secret or manage keys. An address that keeps
// failing gets 429 before its key is looked up (auth-failure-limit.ts).
import type { RequestHandler } from 'express';
import { scopeAllows } from '../../domain/node/api-key';
import type { Authenticate, Principal } from '../../services/authenticate';
import { sendProblem } from '../problem';
import type { AuthFailureLimit } from './auth-failure-limit';

const BEARER = /^Bearer[ ]+([\x21-\x7e]{1,512})[ ]*$/i;

export function principalOf(res: { locals: Record<string, unknown> }): Principal {
  return res.locals.principal as Principal;
}

const NO_LIMIT: AuthFailureLimit = { retryAfterSeconds: () => 0, recordFailure: () => undefined };

export function requireApiKey(authenticate: Authenticate, failures: AuthFailureLimit = NO_LIMIT): RequestHandler {
  return async (req, res, next) => {
    // req.ip follows the app's `trust proxy` setting (API_TRUST_PROXY).
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const wait = failures.retryAfterSeconds(address);
    if (wait > 0) {
      res.set('retry-after', String(wait));
      return sendProblem(res, {
        type: 'https://edgecron.dev/problems/429',
        title: 'Too many failed authentications',
        status: 429,
        detail: `Too many requests with an invalid API key from this address; retry after ${wait} s.`,
      });
    }
    const match = BEARER.exec(req.get('authorization') ?? '');
    const principal = await authenticate(match?.[1] ?? '');
    if (!principal) {
      failures.recordFailure(address);
      res.set('www-authenticate', 'Bearer realm="edgecron"');
      return sendProblem(res, {
        type: 'https://edgecron.dev/problems/401',
        title: 'Unauthorized',
        status: 401,
        detail: 'A valid API key is required: Authorization: Bearer <key>.',
      });
    }
    if (!scopeAllows(principal.scope, req.method, req.path)) {
      return sendProblem(res, {
        type: 'https://edgecron.dev/problems/403',
        title: 'Forbidden',
        status: 403,
        detail: `This API key has ${principal.scope} scope; ${req.method} ${req.baseUrl}${req.path} needs full scope.`,
      });
    }
    res.locals.principal = principal;
    next();
  };
}
