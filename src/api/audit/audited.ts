// The one place audit records are written: a route names its action (`r.patch('/:id', audited(deps,
// 'endpoint.update'), …)`) and, when its answer is a success, this writes one record before the answer
// leaves. The actor is the authenticated key; the resource is the route's `:id` or the created
// resource's id; the changed fields are the names of the body's fields, never their values.
import type { RequestHandler, Response } from 'express';
import type { ApiDeps } from '../api-deps';
import { recordAuditEvent } from '../../services/audit-events';
import { principalOf } from '../security/require-api-key';
import { requestTraceId } from '../request-trace-id';

export interface AuditOptions {
  /** Default: the action's first part (`endpoint` of `endpoint.update`). */
  resourceType?: string;
  /** Successful answers that changed nothing (a dry run) are not recorded. */
  skip?: (answer: Record<string, unknown> | undefined) => boolean;
}

export function audited(deps: Pick<ApiDeps, 'db' | 'logger'>, action: string, options: AuditOptions = {}): RequestHandler<Record<string, string>> {
  const resourceType = options.resourceType ?? action.split('.')[0];
  return (req, res, next) => {
    const principal = principalOf(res);
    const traceId = requestTraceId(req);
    const changedFields = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? Object.keys(req.body).sort() : [];
    let answer: Record<string, unknown> | undefined;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      answer = body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
      return json(body);
    };
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      const resourceId = req.params.id ?? (typeof answer?.id === 'string' ? answer.id : undefined);
      if (res.statusCode >= 400 || !resourceId || options.skip?.(answer)) return end(...args);
      recordAuditEvent(deps.db, {
        actor: { type: principal.kind === 'portal' ? 'portal_session' : principal.tenantId ? 'tenant_key' : 'api_key', keyId: principal.keyId, name: principal.name },
        action,
        resourceType,
        resourceId,
        changedFields,
        traceId,
      })
        // The change is made; losing its record is logged loudly rather than failing the answer.
        .catch((err: Error) => deps.logger.error({ action, resourceId, err: err.message }, 'audit record could not be written'))
        .finally(() => end(...args));
      return res;
    }) as Response['end'];
    next();
  };
}
