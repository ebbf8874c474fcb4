// Types of the tenant calls (tenants, portal sessions, the event type catalog), derived from the
// server's own zod schemas (type-only imports: nothing of the server loads at run time).
import type { z } from 'zod';
import type { createEventTypeBody, listEventTypesQuery, updateEventTypeBody } from '../contracts/event-type-catalog';
import type { createPortalSessionBody, createTenantBody, listTenantsQuery, updateTenantBody } from '../contracts/tenant';
import type { eventTypeResponse } from '../contracts/event-type-catalog';
import type { deletedTenantResponse, portalSessionResponse, tenantResponse } from '../contracts/tenant-responses';
import type { PageQuery } from './types';

export type Tenant = z.output<typeof tenantResponse>;
export type CreateTenant = z.input<typeof createTenantBody>;
export type UpdateTenant = z.input<typeof updateTenantBody>;
export type ListTenantsQuery = PageQuery & Partial<z.output<typeof listTenantsQuery>>;
export type DeletedTenant = z.output<typeof deletedTenantResponse>;

/** A portal link for one tenant's user, and its token (a tenant key until expiresAt). */
export type PortalSession = z.output<typeof portalSessionResponse>;
export type CreatePortalSession = z.input<typeof createPortalSessionBody>;

export type EventType = z.output<typeof eventTypeResponse>;
export type CreateEventType = z.input<typeof createEventTypeBody>;
export type UpdateEventType = z.input<typeof updateEventTypeBody>;
export type ListEventTypesQuery = Partial<z.output<typeof listEventTypesQuery>>;
