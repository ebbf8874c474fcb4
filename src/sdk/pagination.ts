// Cursor pagination as an async iterator: `for await (const x of client.endpoints.list())` walks
// every page, fetching the next one only when the loop gets there.
import type { Page, PageQuery } from './types';

export async function* paginate<T, Q extends PageQuery>(
  fetchPage: (query: Q) => Promise<Page<T>>,
  query: Q,
): AsyncGenerator<T, void, undefined> {
  let cursor = query.cursor;
  do {
    const page = await fetchPage({ ...query, cursor });
    yield* page.data;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
