// Cursor pagination over a `{ data, nextCursor }` list: Next follows nextCursor, Previous walks back
// the cursors already seen, and reload() re-reads the current page in place.
import { el, fill, problemBox } from './dom.js';

/**
 * `load(cursor)` returns one page; `renderPage(data)` turns its rows into a node (or a promise of one).
 * Returns { node, reload, reset } to place on the page and refresh it.
 */
export function pagedList({ label, load, renderPage }) {
  const body = el('div', {});
  const error = el('div', {});
  const prev = el('button', { type: 'button' }, 'Previous page');
  const next = el('button', { type: 'button' }, 'Next page');
  const where = el('span', { class: 'muted', 'aria-live': 'polite' });
  const cursors = [undefined];
  let pageIndex = 0;
  let nextCursor = null;

  async function show() {
    fill(error);
    try {
      const page = await load(cursors[pageIndex]);
      nextCursor = page.nextCursor;
      fill(body, await renderPage(page.data));
      where.textContent = `Page ${pageIndex + 1}${nextCursor ? '' : ' (last)'}`;
    } catch (err) {
      fill(error, problemBox(err));
    }
    prev.disabled = pageIndex === 0;
    next.disabled = !nextCursor;
  }

  prev.addEventListener('click', () => {
    if (pageIndex > 0) pageIndex -= 1;
    return show();
  });
  next.addEventListener('click', () => {
    if (!nextCursor) return undefined;
    cursors[pageIndex + 1] = nextCursor;
    pageIndex += 1;
    return show();
  });

  const node = el('section', { 'aria-label': label }, error, body, el('div', { class: 'pager' }, prev, next, where));
  return {
    node,
    reload: show,
    reset() {
      cursors.length = 1;
      pageIndex = 0;
      return show();
    },
  };
}
