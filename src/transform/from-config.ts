// The sandbox pool and transformer a process (API or worker) builds once from its configuration.
import type { Config } from '../config';
import { SandboxPool } from './sandbox-pool';
import { createTransformer, type Transformer } from './transformer';

export function transformerFromConfig(config: Pick<Config,
  'TRANSFORMATION_CONCURRENCY' | 'TRANSFORMATION_TIMEOUT_MS' | 'TRANSFORMATION_MEMORY_MB' | 'PAYLOAD_LIMIT_BYTES' | 'JSON_DEPTH_LIMIT'>): { transformer: Transformer; pool: SandboxPool } {
  const pool = new SandboxPool({ size: config.TRANSFORMATION_CONCURRENCY, timeoutMs: config.TRANSFORMATION_TIMEOUT_MS, memoryMb: config.TRANSFORMATION_MEMORY_MB });
  return { pool, transformer: createTransformer(pool, { payloadBytes: config.PAYLOAD_LIMIT_BYTES, maxDepth: config.JSON_DEPTH_LIMIT }) };
}
