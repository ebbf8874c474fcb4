// Shared input pieces: pagination, ids in filters, JSON payloads.
import { z } from 'zod';

/** A prefixed id (`ep_01…`); an unknown one filters to nothing, it is not an error. */
export const idFilter = z.string().regex(/^[0-9a-z_]{1,64}$/, 'not an id (lowercase letters, digits and _)');

/**
 * The `nextCursor` of the previous page, passed back. Any string of this shape is a position in the list
 * (an id, or `<sequence>.<id>` in a key's queue), so none is refused once it is well formed.
 */
export const cursor = z.string().regex(/^(?:\d{1,15}\.)?[0-9a-z_]{1,64}$/, 'not a cursor of this list');

const paginationFields = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: cursor.optional(),
};

/** A list with no filters. Query schemas are strict: an unknown parameter (a typo) is a 400, not "no filter". */
export const paginationQuery = z.strictObject(paginationFields);

/** A list's one query schema: the page and its filters, strict like every query. */
export const listQuery = <F extends z.ZodRawShape>(filters: F) => z.strictObject({ ...paginationFields, ...filters });

export type Pagination = z.infer<typeof paginationQuery>;

/** The filters of a list's query schema: all of it but the page. */
export type ListFilter<S extends z.ZodType> = Omit<z.infer<S>, keyof Pagination>;

/** Free text in a query string: the request target may not carry NUL (PostgreSQL cannot store it). */
/** Some non-space character, and (as every request string, said in the document by its own pattern) no NUL. */
export const NOT_BLANK = /^[^\u0000]*[^\s\u0000][^\u0000]*$/;

export const queryText = (max: number) => z.string().max(max).regex(/^[^\u0000]*$/, 'must not contain the NUL character');

/** Any JSON value that can be sent as a webhook body. */
export const jsonPayload = z.json();
