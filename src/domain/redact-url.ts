// Origin and path of a URL, without its query string or credentials: receivers often put tokens there.
export function urlWithoutQuery(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}
