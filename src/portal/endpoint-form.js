// Create or edit an endpoint: URL, description, and the event types it receives, picked from the
// installation's catalog (with descriptions) or typed as patterns (`invoice.*`).
import { busy, el, fill } from '/console/dom.js';
import { call } from './session.js';

async function catalog() {
  try {
    return (await call('GET', '/v1/event-types?limit=500')).data;
  } catch {
    return []; // the form still works with typed patterns
  }
}

/** Renders the form into `slot`; `onSaved(endpoint, created)` runs after a successful save. */
export async function renderEndpointForm(slot, endpoint, onSaved) {
  const types = await catalog();
  const chosen = new Set(endpoint?.eventTypes ?? []);
  const known = new Set(types.map((t) => t.name));
  const url = el('input', { id: 'endpoint-url', name: 'url', type: 'url', required: true, value: endpoint?.url ?? '', placeholder: 'https://example.com/webhooks' });
  const description = el('input', { id: 'endpoint-description', name: 'description', type: 'text', value: endpoint?.description ?? '' });
  const boxes = types.map((t) => el('label', {},
    el('input', { type: 'checkbox', name: 'eventType', value: t.name, checked: chosen.has(t.name) }),
    el('code', {}, t.name), t.description ? el('span', { class: 'muted' }, `— ${t.description}`) : null));
  const other = el('input', { id: 'endpoint-other-types', type: 'text', value: [...chosen].filter((p) => !known.has(p)).join(', '), placeholder: 'invoice.*, order.created' });
  const errors = el('div', {});
  const save = el('button', { type: 'submit', class: 'primary' }, endpoint ? 'Save endpoint' : 'Create endpoint');
  const cancel = el('button', { type: 'button', onclick: () => fill(slot) }, 'Cancel');
  const form = el('form', { class: 'editor', 'aria-labelledby': 'editor-title' },
    el('h2', { id: 'editor-title' }, endpoint ? `Edit ${endpoint.id}` : 'New endpoint'),
    el('div', { class: 'field' }, el('label', { for: 'endpoint-url' }, 'Endpoint URL'), url),
    el('div', { class: 'field' }, el('label', { for: 'endpoint-description' }, 'Description'), description),
    el('fieldset', {}, el('legend', {}, 'Event types'), boxes.length ? boxes : el('p', { class: 'muted' }, 'No event types are described yet.'),
      el('label', { for: 'endpoint-other-types' }, 'Other types or patterns (comma-separated)'), other),
    errors,
    el('div', { class: 'toolbar' }, save, cancel));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const picked = [...form.querySelectorAll('input[name="eventType"]:checked')].map((b) => b.value);
    const typed = other.value.split(',').map((s) => s.trim()).filter(Boolean);
    const body = { url: url.value.trim(), description: description.value.trim() || (endpoint ? null : undefined), eventTypes: [...new Set([...picked, ...typed])] };
    const saved = await busy(save, errors, () => (endpoint ? call('PATCH', `/v1/endpoints/${endpoint.id}`, body) : call('POST', '/v1/endpoints', body)));
    if (saved) onSaved(saved, !endpoint);
  });
  fill(slot, form);
  url.focus();
}
