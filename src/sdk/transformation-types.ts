// Types of the transformation calls, derived from the server's own zod schemas (type-only imports).
import type { z } from 'zod';
import type { testTransformationBody } from '../contracts/transformation';
import type { TransformationField } from '../contracts/transformation-field';
import type { endpointTransformationResponse, transformationTestResponse } from '../contracts/transformation-responses';

/** An endpoint's `transformation` in create or update: `{ code, enabled }`, or null to remove it. */
export type Transformation = TransformationField;
export type EndpointTransformation = z.output<typeof endpointTransformationResponse>;
export type TestTransformation = z.input<typeof testTransformationBody>;
export type TransformationTestResult = z.output<typeof transformationTestResponse>;
