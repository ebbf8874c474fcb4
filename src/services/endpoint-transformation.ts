// An endpoint's transformation: checked on create and PATCH (a syntax error is a 400 naming
// transformation.code with line and column), stored on the endpoint, and each change kept as a
// version (the last 20) with who made it. The code itself is shown only with full scope.
import type { TransformationField } from '../contracts/transformation-field';
import type { Db } from '../db/prisma';
import type { Endpoint } from '../db/generated/client';
import { invalidField } from '../domain/errors';
import { newId } from '../domain/node/ids';
import type { Transformer } from '../transform/transformer';
import type { DbDeps } from './deps';
import { findLiveEndpoint } from './endpoints';

export const KEPT_VERSIONS = 20;

export interface TransformerDeps {
  transformer: Transformer;
}

/** Who made a change, as audit records name them. */
export interface Actor {
  keyId: string;
  name: string;
}

export async function assertTransformationCompiles(deps: TransformerDeps, t: TransformationField | null | undefined): Promise<void> {
  if (!t) return;
  const error = await deps.transformer.checkSyntax(t.code);
  if (!error) return;
  const where = error.line ? ` at line ${error.line}${error.column ? `, column ${error.column}` : ''}` : '';
  throw invalidField('transformation.code', `${error.message}${where}`);
}

/** The endpoint's columns for a transformation sent in a body (undefined: unchanged; null: removed). */
export function transformationColumns(t: TransformationField | null | undefined) {
  if (t === undefined) return {};
  return { transformationCode: t?.code ?? null, transformationEnabled: t?.enabled ?? true };
}

/** Keeps this change as the newest version and drops those beyond the last 20. */
export async function recordTransformationVersion(db: Pick<Db, 'transformationVersion'>, endpointId: string, t: TransformationField | null, actor: Actor) {
  await db.transformationVersion.create({
    data: { id: newId('transformationVersion'), endpointId, code: t?.code ?? null, enabled: t?.enabled ?? false, actorKeyId: actor.keyId, actorName: actor.name },
  });
  const stale = await db.transformationVersion.findMany({ where: { endpointId }, orderBy: { id: 'desc' }, skip: KEPT_VERSIONS, select: { id: true } });
  if (stale.length) await db.transformationVersion.deleteMany({ where: { id: { in: stale.map((v) => v.id) } } });
}

/** In every endpoint answer: whether there is one and whether it runs; the code needs full scope. */
export function transformationSummary(e: Pick<Endpoint, 'transformationCode' | 'transformationEnabled'>) {
  return e.transformationCode === null ? null : { enabled: e.transformationEnabled, codeBytes: Buffer.byteLength(e.transformationCode) };
}

export async function getEndpointTransformation(deps: DbDeps, id: string) {
  const endpoint = await findLiveEndpoint(deps, id);
  const versions = await deps.db.transformationVersion.findMany({ where: { endpointId: id }, orderBy: { id: 'desc' }, take: KEPT_VERSIONS });
  return {
    endpointId: id,
    transformation: endpoint.transformationCode === null ? null : { code: endpoint.transformationCode, enabled: endpoint.transformationEnabled },
    versions: versions.map((v) => ({
      id: v.id,
      code: v.code,
      enabled: v.enabled,
      changedBy: { keyId: v.actorKeyId, name: v.actorName },
      changedAt: v.createdAt.toISOString(),
    })),
  };
}
