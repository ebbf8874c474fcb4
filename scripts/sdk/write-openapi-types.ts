// `npm run sdk:types`: regenerates src/sdk/openapi-types.ts (see openapi-types.ts beside this file).
import { writeFile } from 'node:fs/promises';
import { sdkOpenApiTypes } from './openapi-types';

await writeFile('src/sdk/openapi-types.ts', await sdkOpenApiTypes());
console.log('wrote src/sdk/openapi-types.ts');
