// The SQL migrations, applied by EdgeCron's own runner, produce exactly what schema.prisma describes.
// Prisma's schema engine cannot run here, so this is what keeps the two in step.
import internals from '@prisma/internals';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations } from '../src/db/migrate';

const { getDMMF } = internals as unknown as { getDMMF: (o: { datamodel: string }) => Promise<any> };

const SCALAR_SQL_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
};

const DELETE_ACTIONS: Record<string, string> = { Cascade: 'c', SetNull: 'n', Restrict: 'r', NoAction: 'a', SetDefault: 'd' };

let admin: pg.Client;
let db: pg.Client;
let dbUrl: string;
const dbName = `schema_check_${process.pid}`;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${dbName}`;
  dbUrl = url.toString();
  db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
});

afterAll(async () => {
  await db.end();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin.end();
});

async function dmmf() {
  return (await getDMMF({ datamodel: await readFile('prisma/schema.prisma', 'utf8') })).datamodel;
}

describe('migrations', () => {
  it('apply once, are recorded as Prisma records them, and are a no-op the second time', async () => {
    const first = await applyMigrations(dbUrl);
    expect(first.length).toBeGreaterThan(0);
    const recorded = await db.query('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name');
    expect(recorded.rows.map((r) => r.migration_name)).toEqual(first);
    expect(recorded.rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum) && r.finished_at)).toBe(true);
    expect(await applyMigrations(dbUrl)).toEqual([]);
  });

  it('create exactly the tables, columns, types, nullability and defaults of schema.prisma', async () => {
    const model = await dmmf();
    const cols = await db.query(`
      SELECT c.table_name, c.column_name, c.is_nullable, c.column_default,
             format_type(a.atttypid, a.atttypmod) AS sql_type
      FROM information_schema.columns c
      JOIN pg_attribute a ON a.attrelid = format('%I', c.table_name)::regclass AND a.attname = c.column_name
      WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'`);
    const actual = new Map(cols.rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
    const expected = new Set<string>();
    for (const m of model.models) {
      for (const f of m.fields.filter((x: any) => x.kind !== 'object')) {
        const key = `${m.dbName ?? m.name}.${f.dbName ?? f.name}`;
        expected.add(key);
        const col = actual.get(key);
        expect(col, `missing column ${key}`).toBeDefined();
        const base = f.kind === 'enum' ? `"${f.type}"` : SCALAR_SQL_TYPES[f.type];
        expect(col.sql_type.replace(/^"?(\w+)"?/, (_: string, n: string) => (f.kind === 'enum' ? `"${n}"` : n)), key)
          .toBe(f.isList ? `${base}[]` : base);
        // Prisma lists are nullable in SQL; required scalars are NOT NULL.
        expect(col.is_nullable, `${key} nullability`).toBe(f.isRequired && !f.isList ? 'NO' : 'YES');
        const hasDbDefault = f.hasDefaultValue && !(typeof f.default === 'object' && f.default?.name === 'cuid');
        expect(col.column_default !== null, `${key} default`).toBe(hasDbDefault);
      }
    }
    expect([...actual.keys()].filter((k) => !expected.has(k))).toEqual([]);
  });

  it('create the enums with their values', async () => {
    const model = await dmmf();
    const rows = await db.query(`
      SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    const actual = Object.fromEntries(rows.rows.map((r) => [r.typname, r.labels]));
    const expected = Object.fromEntries(model.enums.map((e: any) => [e.dbName ?? e.name, e.values.map((v: any) => v.dbName ?? v.name)]));
    expect(actual).toEqual(expected);
  });

  it('create every primary key, unique and plain index of schema.prisma, and no others', async () => {
    const model = await dmmf();
    const rows = await db.query(`
      SELECT t.relname AS table_name, i.indisprimary, i.indisunique,
             array_agg(a.attname ORDER BY k.ord)::text[] AS columns
      FROM pg_index i
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relname <> '_prisma_migrations'
      GROUP BY t.relname, i.indexrelid, i.indisprimary, i.indisunique`);
    const kind = (r: any) => (r.indisprimary ? 'id' : r.indisunique ? 'unique' : 'normal');
    const actual = rows.rows.map((r) => `${r.table_name} ${kind(r)} (${r.columns.join(',')})`).sort();
    const fieldDb = (modelName: string, field: string) => {
      const m = model.models.find((x: any) => x.name === modelName);
      const f = m.fields.find((x: any) => x.name === field);
      return f.dbName ?? f.name;
    };
    const expected = model.indexes
      .map((ix: any) => {
        const m = model.models.find((x: any) => x.name === ix.model);
        return `${m.dbName ?? m.name} ${ix.type} (${ix.fields.map((f: any) => fieldDb(ix.model, f.name)).join(',')})`;
      })
      .sort();
    expect(actual).toEqual(expected);
  });

  it('create every foreign key with its delete rule', async () => {
    const model = await dmmf();
    const rows = await db.query(`
      SELECT c.conrelid::regclass::text AS table_name, c.confrelid::regclass::text AS ref_table, c.confdeltype,
             array(SELECT a.attname FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k)::text[] AS columns
      FROM pg_constraint c WHERE c.contype = 'f'`);
    const unquote = (s: string) => s.replace(/"/g, '');
    const actual = rows.rows.map((r) => `${unquote(r.table_name)}(${r.columns.join(',')}) -> ${unquote(r.ref_table)} ${r.confdeltype}`).sort();
    const expected: string[] = [];
    for (const m of model.models) {
      for (const f of m.fields.filter((x: any) => x.kind === 'object' && x.relationFromFields?.length)) {
        const target = model.models.find((x: any) => x.name === f.type);
        const onDelete = f.relationOnDelete ?? (f.isRequired ? 'Restrict' : 'SetNull');
        expected.push(`${m.dbName ?? m.name}(${f.relationFromFields.join(',')}) -> ${target.dbName ?? target.name} ${DELETE_ACTIONS[onDelete]}`);
      }
    }
    expect(actual).toEqual(expected.sort());
  });
});
