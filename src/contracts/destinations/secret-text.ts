// A credential a destination carries: sealed at rest, masked (********) in answers.
import { z } from 'zod';

export const secretText = (max: number) =>
  z.string().min(1).max(max).regex(/^[^\u0000]+$/, 'must not contain the NUL character').describe('Reads `********` in answers; send `********` back in a PATCH to keep the stored value.');
