// Builds the @edgecron/sdk package (src/sdk/package.json): ESM and CommonJS with type declarations,
// everything it imports bundled in, so it needs nothing at run time but Node (fetch, node:crypto).
import { defineConfig } from 'tsup';

export default defineConfig({
  // cli: the `edgecron` command (bin/edgecron.mjs runs dist/cli.js in the packed SDK).
  entry: { index: 'src/sdk/index.ts', cli: 'src/sdk/cli/main.ts' },
  outDir: 'src/sdk/dist',
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  platform: 'node',
  target: 'node20',
  // The package has no dependencies: nothing may stay an import of another package.
  noExternal: [/.*/],
  external: [/^node:/],
});
