// The registry's transformation calls (see operations.ts): an endpoint's code and versions, and the test call.
import { testTransformationBody } from '../../contracts/transformation';
import * as t from '../../contracts/transformation-responses';
import type { ApiOperation } from './operation';

export const transformationOperations: ApiOperation[] = [
  {
    operationId: 'getEndpointTransformation', method: 'get', path: '/v1/endpoints/:id/transformation', tag: 'Endpoints',
    summary: "An endpoint's transformation code and its last 20 versions, with who changed it and when (full scope)",
    errors: [403, 404],
    response: { status: 200, description: 'The code and its versions.', schema: t.endpointTransformationResponse },
  },
  {
    operationId: 'testTransformation', method: 'post', path: '/v1/transformations/test', tag: 'Transformations',
    summary: 'Run a transformation once: given code on a given webhook, or an endpoint\'s own code on a payload',
    description: 'The function runs in the same sandbox as at delivery (time and memory limits, no network, files, modules or timers); `Date.now()` is now, in whole seconds. An endpoint\'s header values and URL credentials stay masked. Counts against the rate limit.',
    body: testTransformationBody, errors: [403, 404, 409, 422],
    errorTexts: {
      409: 'The endpoint named by `endpointId` has no transformation.',
      422: 'The function failed: a syntax error (naming `code`, with line and column), a thrown error (with its line), the time or memory limit, or a result that is not a valid webhook (naming `result`).',
    },
    response: { status: 200, description: 'The result, how long it took and the console.log lines.', schema: t.transformationTestResponse },
  },
];
