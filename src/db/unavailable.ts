// Recognises "the database is not there right now" among Prisma / pg errors, so the API can answer
// 503 (try again) instead of 500 (our bug). Walks the cause chain: the driver adapter wraps pg errors.

// Prisma: cannot reach server, timed out, server closed the connection, pool timeout, no connection for a transaction in time.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
// Node sockets and PostgreSQL SQLSTATEs: admin shutdown, crash shutdown, cannot connect now, query cancelled (timeout).
const DRIVER_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '57014', '08000', '08001', '08003', '08006']);
const MESSAGES = [
  /connection terminated/i,
  /connection timeout/i,
  /timeout exceeded when trying to connect/i,
  /can't reach database server/i,
  /server closed the connection/i,
  /query read timeout/i,
  /database ?not ?reachable/i,
  /the database system is (starting up|shutting down)/i,
  // pg, on a pooled connection broken by the outage (a transaction's BEGIN or statement on it).
  /client has encountered a connection error and is not queryable/i,
];

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.code === 'string' && (PRISMA_CODES.has(e.code) || DRIVER_CODES.has(e.code))) return true;
  if (typeof e.originalCode === 'string' && DRIVER_CODES.has(e.originalCode)) return true;
  if (e.kind === 'DatabaseNotReachable' || e.kind === 'SocketTimeout' || e.kind === 'ConnectionClosed') return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  // Prisma keeps the driver's error under meta.driverAdapterError (its cause holds the SQLSTATE).
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}
