// Types of the inbound source calls, derived from the server's own zod schemas (type-only imports).
import type { z } from 'zod';
import type { createSourceBody, rotateSourceSecretBody, updateSourceBody } from '../contracts/source';
import type { deletedSourceResponse, rotatedSourceSecretResponse, sourceRequestResponse, sourceResponse, sourceSecretResponse } from '../contracts/source-responses';

export type Source = z.output<typeof sourceResponse>;
export type CreateSource = z.input<typeof createSourceBody>;
export type UpdateSource = z.input<typeof updateSourceBody>;
export type DeletedSource = z.output<typeof deletedSourceResponse>;
export type SourceSecret = z.output<typeof sourceSecretResponse>;
export type RotateSourceSecret = z.input<typeof rotateSourceSecretBody>;
export type RotatedSourceSecret = z.output<typeof rotatedSourceSecretResponse>;
/** One request to the source's ingest URL as its log shows it. */
export type SourceRequest = z.output<typeof sourceRequestResponse>;
