// The event type catalog: add, read, list (by name), change, remove; and the check a publish makes.
import type { CreateEventTypeBody, ListEventTypesQuery, UpdateEventTypeBody } from '../../contracts/event-type-catalog';
import { Prisma } from '../../db/generated/client';
import { conflict, notFound } from '../../domain/errors';
import type { DbDeps } from '../deps';
import { eventTypeView } from './event-type-view';
import { assertCompiles, assertMatches } from './payload-schema';

const eventTypeNotFound = (name: string) => notFound('Event type', name);
const json = (v: unknown) => (v === null ? Prisma.DbNull : (v as Prisma.InputJsonValue));

/** The schema must compile and the example (if any) must satisfy it. */
function checkDefinition(schema: unknown, example: unknown) {
  if (!schema || typeof schema !== 'object') return;
  assertCompiles(schema);
  if (example !== undefined && example !== null) assertMatches(schema, example, 'example');
}

async function findEventType(deps: DbDeps, name: string) {
  const row = await deps.db.eventType.findUnique({ where: { name } });
  if (!row) throw eventTypeNotFound(name);
  return row;
}

/** A type removed by another request between our read and our write is gone: 404, not a server error. */
async function goneIsNotFound<T>(name: string, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025') throw eventTypeNotFound(name);
    throw err;
  }
}

export async function createEventType(deps: DbDeps, body: CreateEventTypeBody) {
  checkDefinition(body.schema, body.example);
  try {
    const row = await deps.db.eventType.create({
      data: { name: body.name, description: body.description ?? null, schema: json(body.schema ?? null), example: json(body.example ?? null) },
    });
    return eventTypeView(row);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw conflict('Event type exists', `Event type ${body.name} is already in the catalog; PATCH it instead.`);
    }
    throw err;
  }
}

export async function getEventType(deps: DbDeps, name: string) {
  return eventTypeView(await findEventType(deps, name));
}

/** Alphabetical, so a portal can show the catalog as a list to pick from. */
export async function listEventTypes(deps: DbDeps, q: ListEventTypesQuery) {
  const rows = await deps.db.eventType.findMany({
    where: q.cursor ? { name: { gt: q.cursor } } : {},
    orderBy: { name: 'asc' },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return { data: page.map(eventTypeView), nextCursor: rows.length > q.limit ? page[page.length - 1].name : null };
}

export async function updateEventType(deps: DbDeps, name: string, body: UpdateEventTypeBody) {
  const current = await findEventType(deps, name);
  const schema = body.schema !== undefined ? body.schema : current.schema;
  const example = body.example !== undefined ? body.example : current.example;
  checkDefinition(schema, example);
  const data = {
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.schema !== undefined ? { schema: json(body.schema) } : {}),
    ...(body.example !== undefined ? { example: json(body.example) } : {}),
  };
  return eventTypeView(await goneIsNotFound(name, deps.db.eventType.update({ where: { name }, data })));
}

export async function deleteEventType(deps: DbDeps, name: string): Promise<void> {
  await goneIsNotFound(name, deps.db.eventType.delete({ where: { name } }));
}

/** A publish of a type whose catalog entry has a schema: the payload must satisfy it (400 naming the path). */
export async function assertPayloadMatchesType(deps: DbDeps, type: string, payload: unknown) {
  const row = await deps.db.eventType.findUnique({ where: { name: type }, select: { schema: true, updatedAt: true } });
  if (!row?.schema || typeof row.schema !== 'object') return;
  assertMatches(row.schema, payload, 'payload', `${type}@${row.updatedAt.getTime()}`);
}
