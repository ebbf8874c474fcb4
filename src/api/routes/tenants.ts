// /v1/tenants: create, list, get, change, delete (confirmed). Installation keys only (tenant-gate.ts).
import { Router } from 'express';
import type { ServiceContext } from '../../services/context';
import * as tenants from '../../services/tenants/tenants';
import { paginationQuery } from '../../contracts/common';
import { createPortalSessionBody, createTenantBody, deleteTenantQuery, listTenantsQuery, updateTenantBody } from '../../contracts/tenant';
import { createPortalSession } from '../../services/tenants/portal-sessions';
import type { PortalSettings } from '../security/api-security';
import { parseInput } from '../validate';
import { audited } from '../audit/audited';

export function tenantRoutes(ctx: ServiceContext, portal: PortalSettings): Router {
  const r = Router();
  r.post('/', audited(ctx, 'tenant.create'), async (req, res) => {
    res.status(201).json(await tenants.createTenant(ctx, parseInput(createTenantBody, req.body, 'body')));
  });
  r.get('/', async (req, res) => {
    const page = parseInput(paginationQuery, req.query, 'query');
    res.json(await tenants.listTenants(ctx, page, parseInput(listTenantsQuery, req.query, 'query')));
  });
  r.get('/:id', async (req, res) => {
    res.json(await tenants.getTenant(ctx, req.params.id));
  });
  r.patch('/:id', audited(ctx, 'tenant.update'), async (req, res) => {
    res.json(await tenants.updateTenant(ctx, req.params.id, parseInput(updateTenantBody, req.body, 'body')));
  });
  r.delete('/:id', audited(ctx, 'tenant.delete'), async (req, res) => {
    const { confirm } = parseInput(deleteTenantQuery, req.query, 'query');
    res.json(await tenants.deleteTenant(ctx, req.params.id, confirm));
  });
  r.post('/:id/portal-sessions', audited(ctx, 'tenant.portal_session.create', { resourceType: 'tenant' }), async (req, res) => {
    const body = parseInput(createPortalSessionBody, req.body ?? {}, 'body');
    // The link must be absolute: it is handed to a customer's browser, often inside another site.
    const baseUrl = portal.publicUrl ?? `${req.protocol}://${req.get('host')}`;
    res.status(201).json(await createPortalSession(ctx, req.params.id, body, baseUrl));
  });
  return r;
}
