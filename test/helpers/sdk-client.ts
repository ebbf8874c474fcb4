// The SDK client the tests use, pointed at the test stack. (Once /v1 needs a key: add `apiKey` here.)
import { inject } from 'vitest';
import { EdgeCron } from '../../src/sdk';

export function sdkClient(): EdgeCron {
  return new EdgeCron({ baseUrl: inject('apiUrl') });
}
