// The registry's tenant calls (see operations.ts): tenants themselves.
import { createPortalSessionBody, createTenantBody, deleteTenantQuery, listTenantsQuery, updateTenantBody } from '../../contracts/tenant';
import type { ApiOperation } from './operation';
import { pageOf } from '../../contracts/responses';
import { deletedTenantResponse, portalSessionResponse, tenantResponse } from '../../contracts/tenant-responses';

const INSTALLATION_ONLY = 'Installation keys only: a tenant key or portal session gets 403.';

export const tenantOperations: ApiOperation[] = [
  {
    operationId: 'createTenant', method: 'post', path: '/v1/tenants', tag: 'Tenants',
    summary: 'Create a tenant (one of your customers)', description: INSTALLATION_ONLY,
    body: createTenantBody, errors: [403, 409],
    response: { status: 201, description: 'The tenant.', schema: tenantResponse },
  },
  {
    operationId: 'listTenants', method: 'get', path: '/v1/tenants', tag: 'Tenants',
    summary: 'List tenants, newest first', description: INSTALLATION_ONLY,
    query: [listTenantsQuery], errors: [403],
    response: { status: 200, description: 'One page of tenants.', schema: pageOf(tenantResponse) },
  },
  {
    operationId: 'getTenant', method: 'get', path: '/v1/tenants/:id', tag: 'Tenants',
    summary: 'Get a tenant', description: INSTALLATION_ONLY, errors: [403, 404],
    response: { status: 200, description: 'The tenant.', schema: tenantResponse },
  },
  {
    operationId: 'updateTenant', method: 'patch', path: '/v1/tenants/:id', tag: 'Tenants',
    summary: 'Change a tenant', description: INSTALLATION_ONLY, body: updateTenantBody, errors: [403, 404, 409],
    response: { status: 200, description: 'The tenant.', schema: tenantResponse },
  },
  {
    operationId: 'deleteTenant', method: 'delete', path: '/v1/tenants/:id', tag: 'Tenants',
    summary: 'Delete a tenant with its endpoints, schedules and keys (`confirm` must repeat its id)',
    description: `Revokes its keys and portal sessions, deletes its endpoints and their schedules, ends its waiting runs \`failed\`. Events, runs, attempts and dead letters stay until retention removes them. Without \`confirm=<the tenant id>\`: 400 naming \`confirm\`; another tenant's id: 409. ${INSTALLATION_ONLY}`,
    query: [deleteTenantQuery], errors: [403, 404, 409],
    response: { status: 200, description: 'What was deleted.', schema: deletedTenantResponse },
  },
  {
    operationId: 'createPortalSession', method: 'post', path: '/v1/tenants/:id/portal-sessions', tag: 'Tenants',
    summary: "Open a consumer portal session for a tenant: a link to EdgeCron's portal page and a short-lived tenant key",
    description: `The \`url\` opens /portal, a page EdgeCron serves (no CDN) where the tenant's user manages its endpoints, sees task runs and attempts, replays dead letters and sends test events. It may be framed by your app: the page sends \`Content-Security-Policy: frame-ancestors\` from PORTAL_FRAME_ANCESTORS (default \`*\`) and no X-Frame-Options. The token works on this API as a tenant key until it expires (then 401). ${INSTALLATION_ONLY}`,
    body: createPortalSessionBody, bodyRequired: false, errors: [403, 404],
    response: { status: 201, description: 'The session.', schema: portalSessionResponse },
  },
];
