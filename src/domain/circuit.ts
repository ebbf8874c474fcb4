// The circuit breaker's public shape. Pure module: the endpoint view and the delivery activity use it.

export interface CircuitColumns {
  circuitFailureThreshold: number | null;
  circuitProbeIntervalMs: number;
  circuitOpenedAt: Date | null;
  circuitNextProbeAt: Date | null;
  circuitProbeAt: Date | null;
  circuitLastFailure: string | null;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

export const CIRCUIT_OPENED_EVENT_TYPE = 'edgecron.endpoint.circuit_opened';
export const CIRCUIT_CLOSED_EVENT_TYPE = 'edgecron.endpoint.circuit_closed';
export const ENDPOINT_DISABLED_EVENT_TYPE = 'edgecron.endpoint.disabled';

export function circuitState(e: Pick<CircuitColumns, 'circuitOpenedAt' | 'circuitProbeAt'>): CircuitState {
  if (!e.circuitOpenedAt) return 'closed';
  return e.circuitProbeAt ? 'half_open' : 'open';
}

export function circuitView(e: CircuitColumns) {
  return {
    circuitBreaker:
      e.circuitFailureThreshold === null ? null : { consecutiveFailures: e.circuitFailureThreshold, probeIntervalMs: e.circuitProbeIntervalMs },
    circuit: {
      state: circuitState(e),
      openedAt: e.circuitOpenedAt?.toISOString() ?? null,
      nextProbeAt: e.circuitOpenedAt ? (e.circuitNextProbeAt?.toISOString() ?? null) : null,
      lastFailure: e.circuitLastFailure,
    },
  };
}

export function circuitOpenReason(nextProbeAt: Date | null): string {
  return `circuit open: waiting for the receiver to recover${nextProbeAt ? ` (next probe at ${nextProbeAt.toISOString()})` : ''}`;
}
