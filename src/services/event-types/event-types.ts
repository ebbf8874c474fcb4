// The event type catalog: add, read, list (by name), change, remove; and the check a publish makes.
import type { CreateEventTypeBody, ListEventTypesQuery, UpdateEventTypeBody } from '../../contracts/event-type-catalog';
import { Prisma } from '../../db/generated/client';
import { conflict, notFound } from '../../domain/errors';
import type { ServiceContext } from '../context';
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

async function findEventType(ctx: Pick<ServiceContext, 'db'>, name: string) {
  const row = await ctx.db.eventType.findUnique({ where: { name } });
  if (!row) throw eventTypeNotFound(name);
  return row;
}

export async function createEventType(ctx: ServiceContext, body: CreateEventTypeBody) {
  checkDefinition(body.schema, body.example);
  try {
    const row = await ctx.db.eventType.create({
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

export async function getEventType(ctx: ServiceContext, name: string) {
  return eventTypeView(await findEventType(ctx, name));
}

/** Alphabetical, so a portal can show the catalog as a list to pick from. */
export async function listEventTypes(ctx: ServiceContext, q: ListEventTypesQuery) {
  const rows = await ctx.db.eventType.findMany({
    where: q.cursor ? { name: { gt: q.cursor } } : {},
    orderBy: { name: 'asc' },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return { data: page.map(eventTypeView), nextCursor: rows.length > q.limit ? page[page.length - 1].name : null };
}

export async function updateEventType(ctx: ServiceContext, name: string, body: UpdateEventTypeBody) {
  const current = await findEventType(ctx, name);
  const schema = body.schema !== undefined ? body.schema : current.schema;
  const example = body.example !== undefined ? body.example : current.example;
  checkDefinition(schema, example);
  const data = {
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.schema !== undefined ? { schema: json(body.schema) } : {}),
    ...(body.example !== undefined ? { example: json(body.example) } : {}),
  };
  return eventTypeView(await ctx.db.eventType.update({ where: { name }, data }));
}

export async function deleteEventType(ctx: ServiceContext, name: string): Promise<void> {
  await findEventType(ctx, name);
  await ctx.db.eventType.delete({ where: { name } });
}

/** A publish of a type whose catalog entry has a schema: the payload must satisfy it (400 naming the path). */
export async function assertPayloadMatchesType(ctx: Pick<ServiceContext, 'db'>, type: string, payload: unknown) {
  const row = await ctx.db.eventType.findUnique({ where: { name: type }, select: { schema: true, updatedAt: true } });
  if (!row?.schema || typeof row.schema !== 'object') return;
  assertMatches(row.schema, payload, 'payload', `${type}@${row.updatedAt.getTime()}`);
}
