// /v1/tenants: create, list, get, change, delete (confirmed). Installation keys only (tenant-gate.ts).
import { Router } from 'express';
import type { ApiDeps } from '../api-deps';
import * as tenants from '../../services/tenants/tenants';
import { createPortalSessionBody, createTenantBody, deleteTenantQuery, listTenantsQuery, updateTenantBody } from '../../contracts/tenant';
import { createPortalSession } from '../../services/tenants/portal-sessions';
import type { PortalSettings } from '../security/api-security';
import { parseInput, parseListQuery } from '../validate';
import { audited } from '../audit/audited';

export function tenantRoutes(deps: ApiDeps, portal: PortalSettings): Router {
  const r = Router();
  r.post('/', audited(deps, 'tenant.create'), async (req, res) => {
    res.status(201).json(await tenants.createTenant(deps, parseInput(createTenantBody, req.body, 'body')));
  });
  r.get('/', async (req, res) => {
    const { page, filter } = parseListQuery(listTenantsQuery, req.query);
    res.json(await tenants.listTenants(deps, page, filter));
  });
  r.get('/:id', async (req, res) => {
    res.json(await tenants.getTenant(deps, req.params.id));
  });
  r.patch('/:id', audited(deps, 'tenant.update'), async (req, res) => {
    res.json(await tenants.updateTenant(deps, req.params.id, parseInput(updateTenantBody, req.body, 'body')));
  });
  r.delete('/:id', audited(deps, 'tenant.delete'), async (req, res) => {
    const { confirm } = parseInput(deleteTenantQuery, req.query, 'query');
    res.json(await tenants.deleteTenant(deps, req.params.id, confirm));
  });
  r.post('/:id/portal-sessions', audited(deps, 'tenant.portal_session.create', { resourceType: 'tenant' }), async (req, res) => {
    const body = parseInput(createPortalSessionBody, req.body ?? {}, 'body');
    // The link must be absolute: it is handed to a customer's browser, often inside another site.
    const baseUrl = portal.publicUrl ?? `${req.protocol}://${req.get('host')}`;
    res.status(201).json(await createPortalSession(deps, req.params.id, body, baseUrl));
  });
  return r;
}
