// ESLint with the project's config, for linting code under made-up paths (the lint tests' snippets). The
// type-aware rules are off: TypeScript's project service knows only the files tsconfig.json finds on disk.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

export function snippetLinter(): ESLint {
  return new ESLint({ overrideConfig: tseslint.configs.disableTypeChecked });
}
