// Temporal's gRPC retry, safe to close under. While Temporal is away, calls in flight wait in the
// client's retry interceptor on a timer; if the connection is closed meanwhile (a clean stop), the timer
// makes its next try on a shut-down channel, and grpc-js throws "Channel has been shut down" inside
// that timer: an uncaught exception that kills the process. Here a try on a closed channel ends the call
// with CANCELLED instead (not retryable), so its caller sees a rejected promise it already handles.
import { Metadata, status, type Interceptor } from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

type NextCall = Parameters<Interceptor>[1];
type InterceptingCallInterface = ReturnType<NextCall>;

/** A call that never reaches the wire: it ends at once with CANCELLED, naming why. */
function cancelledCall(reason: string): InterceptingCallInterface {
  return {
    start(_metadata, listener) {
      setImmediate(() => listener?.onReceiveStatus?.({ code: status.CANCELLED, details: reason, metadata: new Metadata() }));
    },
    sendMessage() {},
    sendMessageWithContext() {},
    startRead() {},
    halfClose() {},
    cancelWithStatus() {},
    getPeer: () => '',
    getAuthContext: () => null,
  };
}

function closedChannelSafe(nextCall: NextCall): NextCall {
  return (options) => {
    try {
      return nextCall(options);
    } catch (err) {
      return cancelledCall(err instanceof Error ? err.message : String(err));
    }
  };
}

/** The client's default retry interceptor (same backoff), ending calls with CANCELLED once the connection is closed. */
export function closableRetryInterceptor(): Interceptor {
  const retry = makeGrpcRetryInterceptor(defaultGrpcRetryOptions());
  return (options, nextCall) => retry(options, closedChannelSafe(nextCall));
}
