// Registers EdgeCron's search attributes on a Temporal server that lacks them (an external cluster;
// the embedded dev server gets them as start flags). Idempotent.
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { TemporalConnectionOptions } from './connection-options';
import { SEARCH_ATTRIBUTES } from './search-attributes';

export async function ensureSearchAttributes(connectionOptions: TemporalConnectionOptions, namespace: string): Promise<string[]> {
  const connection = await Connection.connect(connectionOptions);
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set(Object.keys(existing.customAttributes ?? {}));
    const missing = Object.values(SEARCH_ATTRIBUTES).map((k) => k.name).filter((n) => !known.has(n));
    if (missing.length) {
      const keyword = proto.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((n) => [n, keyword])),
      });
    }
    return missing;
  } finally {
    await connection.close();
  }
}
