// /v1/audit-events: the audit log, newest first, with filters. Full scope only (see auth).
import { Router } from 'express';
import { listAuditEvents } from '../../services/audit-events';
import type { ApiDeps } from '../api-deps';
import { listAuditEventsQuery } from '../../contracts/audit-event';
import { parseListQuery } from '../validate';

export function auditEventRoutes(deps: ApiDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const { page, filter } = parseListQuery(listAuditEventsQuery, req.query);
    res.json(await listAuditEvents(deps, page, filter));
  });
  return r;
}
