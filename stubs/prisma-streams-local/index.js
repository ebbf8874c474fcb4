// Only `prisma dev` imports this (dynamically); EdgeCron runs its own PostgreSQL and never calls it.
export async function startLocalDurableStreamsServer() {
  throw new Error('`prisma dev` is not available in EdgeCron: @prisma/streams-local is stubbed (it needs Node 22 and bun); see stubs/README.md');
}
