// /v1/transformations: the test call (full scope). An endpoint's code: endpoints.getTransformation.
import type { Transport } from '../transport';
import type * as tt from '../transformation-types';

export class TransformationsResource {
  constructor(private readonly http: Transport) {}

  /** Runs once; a failure (syntax, throw, time or memory limit, invalid result) throws an EdgeCronApiError with status 422 naming it. */
  test(body: tt.TestTransformation) {
    return this.http.request<tt.TransformationTestResult>('POST', '/v1/transformations/test', { body });
  }
}
