// What activities need from the outside world, injected by the worker (createActivities(deps)).
import type { Db } from '../src/db/prisma';
import type { Logger } from '../src/logger';

export interface ActivityDeps {
  db: Db;
  /** Bytes of a receiver's response body kept on the attempt record. */
  responseBodyCap: number;
  logger: Logger;
}
