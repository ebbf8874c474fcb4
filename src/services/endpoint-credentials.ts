// Endpoint credentials (header values, URL credentials): the full-scope reveal call, and the one-time
// sealing of rows written in clear by versions before they were sealed.
import type { Db } from '../db/prisma';
import { openDestination } from '../domain/node/destination-credentials';
import { hasClearHeaders, maskUrl, openHeaders, openUrl, sealHeaders, storedUrl, urlHasCredentials } from '../domain/node/endpoint-credentials';
import { isSealed, type SecretBox } from '../domain/node/secret-box';
import type { DbDeps, SecretDeps } from './deps';
import { findLiveEndpoint } from './endpoints';

/** The explicit reveal call (full-scope keys only): the one place stored credentials leave in clear. */
export async function revealEndpointCredentials(deps: DbDeps & SecretDeps, id: string) {
  const endpoint = await findLiveEndpoint(deps, id);
  const queue = endpoint.destination !== null;
  return {
    url: queue ? null : openUrl(deps.secretBox, endpoint),
    headers: openHeaders(deps.secretBox, id, endpoint.headers),
    destination: queue ? openDestination(deps.secretBox, id, endpoint.destination) : null,
  };
}

interface LegacyRow {
  id: string;
  url: string;
  sealedUrl: string | null;
  headers: Record<string, string>;
}

/**
 * A data migration SQL cannot do (AES-GCM with the application's key): seals header values and URL
 * credentials stored in clear, and masks the URLs recorded on those endpoints' attempts. The API runs it
 * at start-up, before it listens; it finds nothing to do once done, so running it again is harmless.
 * Each row is updated only if it still holds what was read, so concurrent runs seal a row once.
 */
export async function sealLegacyEndpointCredentials(db: Db, box: SecretBox): Promise<number> {
  // Candidates by SQL (cheap); JS decides, with the same rules the API applies.
  const rows = await db.$queryRaw<LegacyRow[]>`
    SELECT id, url, "sealedUrl", headers FROM "Endpoint"
    WHERE ("sealedUrl" IS NULL AND (url LIKE '%@%' OR url LIKE '%?%'))
       OR EXISTS (SELECT 1 FROM jsonb_each(headers) h WHERE jsonb_typeof(h.value) <> 'string' OR h.value #>> '{}' NOT LIKE 'enc:v1:%')`;
  let sealed = 0;
  for (const row of rows) {
    const urlInClear = row.sealedUrl === null && urlHasCredentials(row.url);
    if (!urlInClear && !hasClearHeaders(row.headers)) continue;
    if (await sealRow(db, box, row, urlInClear)) sealed++;
  }
  return sealed;
}

async function sealRow(db: Db, box: SecretBox, row: LegacyRow, urlInClear: boolean): Promise<boolean> {
  const headers = Object.fromEntries(
    Object.entries(row.headers).map(([name, value]) => [name, isSealed(String(value)) ? value : sealHeaders(box, row.id, { [name]: String(value) })[name]]),
  );
  const url = urlInClear ? storedUrl(box, row.id, row.url) : { url: row.url, sealedUrl: row.sealedUrl };
  const changed = await db.$executeRaw`
    UPDATE "Endpoint" SET url = ${url.url}, "sealedUrl" = ${url.sealedUrl}, headers = ${JSON.stringify(headers)}::jsonb
    WHERE id = ${row.id} AND url = ${row.url} AND headers = ${JSON.stringify(row.headers)}::jsonb`;
  if (changed && urlInClear) {
    // Attempts recorded the URL they called; keep those of this endpoint masked too.
    await db.$executeRaw`
      UPDATE "DeliveryAttempt" SET "requestUrl" = ${maskUrl(row.url)}
      WHERE "requestUrl" = ${row.url} AND "taskRunId" IN (SELECT id FROM "TaskRun" WHERE "endpointId" = ${row.id})`;
  }
  return changed > 0;
}
