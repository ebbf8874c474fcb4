// Activity dependencies as the test stack's worker builds them, for tests that run activities or a
// worker of their own: same secret key (sealed secrets open), loopback allowed like the test stack.
import { inject } from 'vitest';
import { createFlowGate } from '../../activities/flow/flow-gate';
import { createGuardedAgent } from '../../activities/delivery/http/guarded-agent';
import { createSenders } from '../../activities/delivery/senders';
import type { ActivityDeps } from '../../activities';
import type { Db } from '../../src/db/prisma';
import { parseAllowList } from '../../src/domain/node/address-policy';
import { sealEndpointSecret } from '../../src/domain/node/endpoint-secret';
import { createSecretBox, parseSecretKey } from '../../src/domain/node/secret-box';
import { createLogger } from '../../src/logger';
import { SandboxPool } from '../../src/transform/sandbox-pool';
import { createTransformer } from '../../src/transform/transformer';

// One small pool for every test's activities: its threads are unref'd, so it never holds a test open.
const sandboxes = new SandboxPool({ size: 2, timeoutMs: 250, memoryMb: 32 });

export function testActivityDeps(db: Db, responseBodyCap = 4096): ActivityDeps {
  const allowList = parseAllowList('127.0.0.0/8,::1');
  const dispatcher = createGuardedAgent({ allowList });
  return {
    db,
    responseBodyCap,
    logger: createLogger('silent', 'test', { stdout: false }),
    secretBox: createSecretBox(parseSecretKey(inject('secretKey'))),
    dispatcher,
    senders: createSenders(dispatcher, allowList),
    // What these activities hand over waits in the outbox; the test stack's dispatchers sweep it.
    flowGate: createFlowGate({ db, workerSlots: 200, fairShare: 0.25 }),
    transformer: createTransformer(sandboxes, { payloadBytes: 262_144, maxDepth: 32 }),
    handoff: { taskQueue: 'edgecron-test', nudge: () => {}, backlog: () => ({ count: 0, oldestSeconds: 0 }), backlogLimit: Number.POSITIVE_INFINITY },
  };
}

/** A signing secret sealed as the API stores it, for tests that insert endpoint rows directly. */
export function sealedSecretFor(endpointId: string, secret: string): string {
  return sealEndpointSecret(createSecretBox(parseSecretKey(inject('secretKey'))), endpointId, secret);
}
