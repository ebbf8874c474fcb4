// The SDK client the tests use, pointed at the test stack with its bootstrap API key.
import { inject } from 'vitest';
import { EdgeCron } from '../../src/sdk/index';

export function sdkClient(): EdgeCron {
  return new EdgeCron({ baseUrl: inject('apiUrl'), apiKey: inject('apiKey') });
}
