// JSON Schema checks for the event type catalog (Ajv): a schema must compile when it is saved, and a
// payload published under a type with a schema must satisfy it. Problems name the payload path
// (`payload.customer.email`) the way every other 400 names its field.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { invalidField, DomainError, type FieldProblem } from '../../domain/errors';

// ajv-formats is CommonJS: its function is the default export's default under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv) => Ajv;

// strict: false accepts keywords Ajv does not know (annotations such as `examples`, vendor keywords).
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));

/** Compiled validators by (type, version): a type's schema compiles once per change, not per publish. */
const compiled = new Map<string, ValidateFunction>();
const MAX_CACHED = 500;

function compile(schema: object): ValidateFunction {
  return ajv.compile(schema);
}

/** 400 naming `schema` when the schema does not compile. */
export function assertCompiles(schema: object): void {
  try {
    compile(schema);
  } catch (err) {
    throw invalidField('schema', `not a valid JSON Schema: ${(err as Error).message}`);
  }
}

function fieldOf(prefix: string, e: ErrorObject): FieldProblem {
  const path = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing = e.keyword === 'required' ? [(e.params as { missingProperty: string }).missingProperty] : [];
  return { field: [prefix, ...path, ...missing].join('.'), message: e.message ?? 'does not match the schema' };
}

/** Checks `value` against `schema`; a 400 naming each failing path under `prefix` (`payload`, `example`). */
export function assertMatches(schema: object, value: unknown, prefix: string, cacheKey?: string): void {
  let validate = cacheKey ? compiled.get(cacheKey) : undefined;
  if (!validate) {
    validate = compile(schema);
    if (cacheKey) {
      if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value!);
      compiled.set(cacheKey, validate);
    }
  }
  if (validate(value)) return;
  const fields = (validate.errors ?? []).slice(0, 20).map((e) => fieldOf(prefix, e));
  throw new DomainError('invalid', 'Invalid request', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
}
