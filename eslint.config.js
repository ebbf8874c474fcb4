// Lint: TypeScript recommended everywhere; imports point down the layers; in workflow code (and the pure
// modules it imports) no I/O, no Node built-ins, no clock or randomness: workflows must replay deterministically.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

// Relative imports whose path passes through one of these folders of ours.
const through = (folders, message, extra = {}) => ({ regex: `^\\.\\.?/(.*/)?(${folders.join('|')})(/|$)`, message, ...extra });
const IO = { group: ['undici', 'pg', '@prisma/*', '**/db/**', 'pino', 'express', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
  message: 'Workflow code must not do I/O; call an activity.' };
const NODE_DOMAIN = { regex: '^\\.\\.?/(.*/)?node/', message: 'These modules use Node built-ins (crypto, net); workflow code cannot load them.' };

// Layers point down (DESIGN.md): api → services → dispatch → domain/db/temporal, contracts in a neutral place.
// `deterministic` files are workflows, their contracts (inputs, signals, queries, failure types) and
// the pure domain modules; the domain rules that need node:crypto or node:net live apart, in src/domain/node/.
const layers = [
  { files: ['workflows/**/*.ts'], deterministic: true, patterns: [
    through(['api', 'services', 'dispatch', 'runtime', 'contracts'], 'Workflows import workflow contracts and pure domain modules only.'),
    through(['activities'], 'Workflows name activities by type only (import type).', { allowTypeImports: true }),
  ] },
  { files: ['src/workflow-contracts/**/*.ts'], deterministic: true, patterns: [
    through(['api', 'services', 'dispatch', 'runtime', 'activities', 'workflows', 'contracts'], 'Workflow contracts import pure domain modules only.'),
  ] },
  { files: ['src/domain/*.ts'], deterministic: true, patterns: [{ regex: '^\\.\\./', message: 'The domain imports nothing outside src/domain.' }] },
  { files: ['src/temporal/search-attributes.ts'], deterministic: true, patterns: [] },
  { files: ['src/domain/node/*.ts'], patterns: [{ regex: '^\\.\\./\\.\\./', message: 'The domain imports nothing outside src/domain.' }] },
  { files: ['src/contracts/**/*.ts'], patterns: [
    through(['api', 'services', 'dispatch', 'runtime', 'activities', 'workflows', 'db'], 'Contracts import the domain only: the API, the services and the SDK import them.'),
  ] },
  { files: ['src/services/**/*.ts'], patterns: [
    through(['api', 'activities', 'workflows', 'runtime'], 'Services import contracts, domain, db and temporal; request and workflow types live in src/contracts and src/workflow-contracts.'),
  ] },
  // Services hand work to dispatch (the outbox); dispatch starts it in Temporal and never calls back up.
  { files: ['src/dispatch/**/*.ts'], patterns: [
    through(['api', 'services', 'contracts', 'activities', 'workflows', 'runtime', 'worker'], 'Dispatch imports domain, db, temporal, metrics and workflow contracts only: services call it, not the other way round.'),
  ] },
  { files: ['src/sdk/**/*.ts'], patterns: [
    through(['api', 'services', 'dispatch', 'runtime', 'activities', 'workflows', 'db'], 'The SDK imports contracts and pure domain modules only (it is published on its own).'),
  ] },
  { files: ['activities/**/*.ts'], patterns: [
    through(['api', 'workflows', 'runtime'], 'Activities never import from the API or the workflows; workflow contracts live in src/workflow-contracts.'),
  ] },
];

const deterministicRules = {
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
};

// One entry per layer (a later entry for the same rule would replace, not add to, an earlier one).
const layerConfigs = layers.map(({ files, deterministic, patterns }) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', {
      paths: deterministic ? nodeBuiltins.map((name) => ({ name, message: 'Workflow code must not use Node built-ins; do it in an activity.' })) : [],
      patterns: deterministic ? [IO, NODE_DOMAIN, ...patterns] : patterns,
    }],
    ...(deterministic ? deterministicRules : {}),
  },
}));

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
  // A promise nobody awaits loses its rejection (an unhandled rejection, or a test that passes before its
  // check ran): await it, `void` it with a comment saying why it may run on its own, or catch it. This rule
  // needs the types, so it runs on the TypeScript of tsconfig.json only (the browser and config .js files stay untyped).
  {
    files: ['{src,activities,workflows,test,scripts,bench}/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  ...layerConfigs,
);
