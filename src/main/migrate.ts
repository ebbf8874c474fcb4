// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (what `prisma migrate deploy` does).
import { loadConfig } from '../config';
import { applyMigrations } from '../db/migrate';
import { requireExternal } from './require-external';

const { databaseUrl } = requireExternal(loadConfig(), { temporal: false });
const applied = await applyMigrations(databaseUrl);
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database schema up to date');
