// A bound on Temporal calls. Without one, a Temporal that refuses connections or is frozen holds the
// caller for the client's ~20 s of gRPC retries: an API request, or a dispatcher's whole round.
import type { Client } from '@temporalio/client';

export class TemporalDeadlineExceeded extends Error {
  constructor(budgetMs: number) {
    super(`Temporal did not answer within ${budgetMs} ms`);
    this.name = 'TemporalDeadlineExceeded';
  }
}

/**
 * Runs `call` with a gRPC deadline on every Temporal request it makes, and gives up at that deadline
 * even if the client is between two retries (it retries refused connections with backoff, and a retry
 * started after the deadline fails at once without reaching the server).
 */
export async function withTemporalBudget<T>(deps: { temporal: Client }, budgetMs: number, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TemporalDeadlineExceeded(budgetMs)), budgetMs);
  });
  try {
    return await Promise.race([deps.temporal.connection.withDeadline(Date.now() + budgetMs, call), expired]);
  } finally {
    clearTimeout(timer);
  }
}
