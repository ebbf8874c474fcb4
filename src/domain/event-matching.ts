// Does an event go to an endpoint? Its type must match one of the endpoint's patterns and its payload
// the endpoint's filter (if any). Pure module: the fanout activity uses it, a workflow could too.
import { matchesEventFilter, type EventFilter } from './event-filter';
import { typePatternMatches } from './event-types';

export interface Subscription {
  /** No patterns: the endpoint receives no events (it may still get direct or scheduled runs). */
  eventTypes: readonly string[];
  eventFilter: EventFilter | null;
}

export interface PublishedEvent {
  type: string;
  payload: unknown;
}

export function subscriptionMatches(sub: Subscription, event: PublishedEvent): boolean {
  if (!sub.eventTypes.some((pattern) => typePatternMatches(pattern, event.type))) return false;
  return sub.eventFilter === null || matchesEventFilter(sub.eventFilter, event.payload);
}
