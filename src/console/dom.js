// Small DOM and formatting helpers shared by the pages.

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const statusBadge = (status) => el('span', { class: `status status-${status}` }, status);

export const link = (href, text, attrs = {}) => el('a', { href, ...attrs }, text);

export const external = (href, text) => el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text, el('span', { class: 'visually-hidden' }, ' (opens in a new tab)'));

/** Local date and time, seconds included; `timeZone` shows it in another zone (schedules). */
export function formatTime(iso, timeZone) {
  if (!iso) return '—';
  const d = new Date(iso);
  const options = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };
  return new Intl.DateTimeFormat('en-CA', timeZone ? { ...options, timeZone, timeZoneName: 'short' } : options).format(d).replace(',', '');
}

export const percent = (ratio) => (ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`);

/** A problem box: the API's title in bold, then its detail. */
export function problemBox(err) {
  const title = err?.title ?? 'Error';
  const detail = err?.detail ?? String(err?.message ?? err);
  return el('div', { class: 'problem', role: 'alert' }, el('strong', {}, title), ' ', detail);
}

export const notice = (text) => el('div', { class: 'notice', role: 'status' }, text);

/** Replaces the children of `slot` with `nodes`. */
export function fill(slot, ...nodes) {
  slot.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
}

export function table(caption, headers, rows) {
  return el('table', {},
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: headers.length, class: 'muted' }, 'Nothing here.'))));
}

/** Runs `action` from a button: disabled while it runs, errors shown in `errorSlot`. */
export async function busy(button, errorSlot, action) {
  button.disabled = true;
  fill(errorSlot);
  try {
    return await action();
  } catch (err) {
    fill(errorSlot, problemBox(err));
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/**
 * Custom header values are sealed at rest and the API answers them masked; the console shows none of
 * them either, whatever the API sends (only GET /v1/endpoints/:id/credentials reveals them).
 */
export function maskHeaderValue() {
  return '•••••••• (hidden)';
}
