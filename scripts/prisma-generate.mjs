// Generates the Prisma client offline: `generate` never runs the schema engine, and pointing Prisma
// at any file stops it downloading one. Run by postinstall and by `npm run prisma:generate`.
import { execFileSync } from 'node:child_process';

export function generatePrismaClient() {
  execFileSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/true',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) generatePrismaClient();
