// The operator's tenant filter: a select in the header (shown once tenants exist) that narrows the
// console's lists of endpoints, task runs, schedules, events, dead letters and retry jobs to one tenant.
// Kept for the tab; applied to list calls only (a resource opened by id shows whatever it is).
import { call, setListFilter } from './api.js';
import { el } from './dom.js';

const KEY = 'edgecron.tenantFilter';
const LISTS = new Set(['/v1/endpoints', '/v1/task-runs', '/v1/schedules', '/v1/events', '/v1/dead-letters', '/v1/retry-jobs']);

export const tenantFilter = {
  get: () => sessionStorage.getItem(KEY) ?? '',
  set: (id) => (id ? sessionStorage.setItem(KEY, id) : sessionStorage.removeItem(KEY)),
};

function filtered(method, path) {
  const tenantId = tenantFilter.get();
  if (!tenantId || method !== 'GET') return path;
  const [base, query = ''] = path.split('?');
  if (!LISTS.has(base)) return path;
  const params = new URLSearchParams(query);
  if (!params.has('tenantId')) params.set('tenantId', tenantId);
  return `${base}?${params.toString()}`;
}

/** Fills `select` with the installation's tenants; hides it when there are none (or the key may not list them). */
export async function setUpTenantFilter(select, onChange) {
  setListFilter(filtered);
  let tenants = [];
  try {
    tenants = (await call('GET', '/v1/tenants?limit=100')).data;
  } catch {
    tenants = [];
  }
  select.replaceChildren(el('option', { value: '' }, 'All tenants'), ...tenants.map((t) => el('option', { value: t.id }, `${t.name} (${t.externalId ?? t.id})`)));
  if (tenantFilter.get() && !tenants.some((t) => t.id === tenantFilter.get())) tenantFilter.set('');
  select.value = tenantFilter.get();
  select.closest('[data-tenant-filter]').hidden = tenants.length === 0;
  select.onchange = () => {
    tenantFilter.set(select.value);
    onChange();
  };
}
