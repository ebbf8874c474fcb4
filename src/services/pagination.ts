// Newest-first cursor pagination over time-sortable ids: the cursor is the last id of a page.
import type { Pagination } from '../contracts/common';

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Prisma findMany arguments for one page; `where` holds the caller's filters. */
export function pageQuery<W extends object>(p: Pagination, where: W) {
  return {
    where: p.cursor ? { ...where, id: { lt: p.cursor } } : where,
    orderBy: { id: 'desc' as const },
    take: p.limit + 1,
  };
}

/** `rows` was fetched with take = limit + 1: one extra row says there is a next page. */
export function toPage<R extends { id: string }, T>(rows: R[], limit: number, map: (row: R) => T, cursorOf: (row: R) => string = (r) => r.id): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return { data: pageRows.map(map), nextCursor: hasMore ? cursorOf(pageRows[pageRows.length - 1]) : null };
}
