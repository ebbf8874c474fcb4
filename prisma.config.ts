// Prisma CLI settings. The URL is only needed by `prisma migrate deploy` where Prisma's schema engine
// can be downloaded; EdgeCron applies prisma/migrations itself otherwise (src/db/migrate.ts).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/edgecron' },
});
