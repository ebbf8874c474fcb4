// A small JSON client for the API under test, on its own undici pool (so it never shares sockets
// with the deliveries it measures).
import { Agent, request } from 'undici';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export interface ApiClient {
  baseUrl: string;
  call<T = any>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<ApiResponse<T>>;
  /** Like call(), but throws unless the status is 2xx. */
  ok<T = any>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export function createApiClient(baseUrl: string, apiKey: string): ApiClient {
  const dispatcher = new Agent({ connections: 128, keepAliveTimeout: 30_000 });
  const call = async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<ApiResponse<T>> => {
    const res = await request(`${baseUrl}${path}`, {
      method,
      dispatcher,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: (text ? JSON.parse(text) : undefined) as T };
  };
  return {
    baseUrl,
    call,
    async ok<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
      const res = await call<T>(method, path, body);
      if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    close: () => dispatcher.close(),
  };
}

/** Whether the API has a route: anything but our generic "No route for" 404 counts as present. */
export async function hasRoute(api: ApiClient, method: 'GET' | 'POST', path: string, probeBody: unknown): Promise<boolean> {
  const res = await api.call<{ detail?: string }>(method, path, probeBody);
  return !(res.status === 404 && /no route/i.test(res.body?.detail ?? ''));
}
