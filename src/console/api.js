// Calls the EdgeCron API with the user's key as a Bearer token. Errors become ApiError carrying the
// problem+json title and detail, so every page shows the API's own words.
const KEY_NAME = 'edgecron.apiKey';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY_NAME),
  set: (key) => sessionStorage.setItem(KEY_NAME, key),
  clear: () => sessionStorage.removeItem(KEY_NAME),
};

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(`${title}: ${detail}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

/** Listeners told when the API refuses the key (401), e.g. to ask for it again. */
const unauthorizedListeners = new Set();
export const onUnauthorized = (fn) => unauthorizedListeners.add(fn);

/** Rewrites list paths (the console's tenant filter sets it; the portal does not). */
let listFilter = (_method, path) => path;
export const setListFilter = (fn) => {
  listFilter = fn;
};

export async function call(method, path, body, key = apiKey.get()) {
  let res;
  try {
    res = await fetch(listFilter(method, path), {
      method,
      headers: { authorization: `Bearer ${key ?? ''}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'API unreachable', `The request could not be sent (${err.message}).`);
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const title = json?.title ?? `HTTP ${res.status}`;
    const detail = json?.detail ?? (text.slice(0, 200) || res.statusText);
    const error = new ApiError(res.status, title, detail);
    if (res.status === 401) for (const fn of unauthorizedListeners) fn(error);
    throw error;
  }
  return json;
}

/** `/v1/x` plus the query string of the non-empty entries of `params`. */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
