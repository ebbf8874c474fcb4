// Lint: TypeScript recommended everywhere; in workflow code (and the pure modules it imports) no I/O,
// no Node built-ins, no clock or randomness, because workflows must replay deterministically.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

// Workflows, their contracts (inputs, signals, queries, failure types) and the pure domain modules.
// The domain rules that need node:crypto or node:net live apart, in src/domain/node/.
const deterministicFiles = [
  'workflows/**/*.ts',
  'src/workflow-contracts/**/*.ts',
  'src/domain/*.ts',
  'src/temporal/search-attributes.ts',
];

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', '.edgecron/', 'src/db/generated/', 'bench/results/', 'src/sdk/dist/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Plain CommonJS (e.g. the SDK package test's throwaway app) loads modules with require().
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: deterministicFiles,
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code must not use Node built-ins; do it in an activity.' })),
        patterns: [
          { group: ['undici', 'pg', '@prisma/*', '**/db/**', 'pino', 'express', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
            message: 'Workflow code must not do I/O; call an activity.' },
          { group: ['**/domain/node/*'], message: 'These modules use Node built-ins (crypto, net); workflow code cannot load them.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'fetch', message: 'No I/O in workflows; call an activity.' },
        { name: 'process', message: 'Workflows must not read the environment.' },
        { name: 'require', message: 'Import pure modules only.' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Workflows must not read the clock; pass times in as input.' },
        { object: 'Math', property: 'random', message: 'Workflows must not use randomness; use uuid4() from @temporalio/workflow or pass it in.' },
      ],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Workflows must not read the clock.' },
      ],
    },
  },
);
