// The portal session: its token arrives in the URL fragment (#token=…&mode=read), which browsers never
// send to a server. It is moved to this tab's session storage and the fragment is cleared, so the
// address bar, history and a copied link no longer carry it. Framed by another site, a browser that
// blocks third-party storage refuses session storage: the token is then kept in memory and the
// fragment stays, so a reload of the frame still works. Every API call uses it as a Bearer key.
import { call as callWithKey, onUnauthorized } from '/console/api.js';

const TOKEN = 'edgecron.portalToken';
const MODE = 'edgecron.portalMode';

function sessionStore() {
  try {
    sessionStorage.getItem(TOKEN);
    return sessionStorage;
  } catch {
    return null;
  }
}

const memory = new Map();
const persistent = sessionStore();
const store = persistent ?? { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, v) };

function takeFromFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (!token) return;
  store.setItem(TOKEN, token);
  store.setItem(MODE, params.get('mode') === 'read' ? 'read' : 'full');
  if (persistent) history.replaceState(null, '', location.pathname + location.search);
}

takeFromFragment();

export const hasToken = () => store.getItem(TOKEN) !== null;
export const readOnly = () => store.getItem(MODE) === 'read';
export const call = (method, path, body) => callWithKey(method, path, body, store.getItem(TOKEN));
export { onUnauthorized };
