// The lint rule that keeps workflow code deterministic actually fires.
import { describe, expect, it } from 'vitest';
import { snippetLinter } from './helpers/snippet-lint';

const eslint = snippetLinter();

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('workflow lint', () => {
  it.each([
    ["import { readFile } from 'node:fs';\nexport const x = readFile;", 'no-restricted-imports'],
    ["import { request } from 'undici';\nexport const x = request;", 'no-restricted-imports'],
    ['export const now = Date.now();', 'no-restricted-properties'],
    ['export const r = Math.random();', 'no-restricted-properties'],
    ['export const d = new Date();', 'no-restricted-syntax'],
    ["export const f = () => fetch('http://x');", 'no-restricted-globals'],
  ])('rejects %j in workflows/', async (code, rule) => {
    expect(await ruleIds(code, 'workflows/bad.workflow.ts')).toContain(rule);
  });

  it('allows the same code outside workflows/', async () => {
    expect(await ruleIds('export const now = Date.now();', 'activities/ok.ts')).toEqual([]);
  });

  it('passes the workflows as they are', async () => {
    const results = await eslint.lintFiles(['workflows/']);
    expect(results.flatMap((r) => r.messages)).toEqual([]);
  });
});
