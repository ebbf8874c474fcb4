// Endpoint addresses that can be judged without DNS are judged at the API: an IP literal in any spelling
// (the URL parser normalises 2130706433, 0x7f.1, 0177.0.0.1, [::1]) or a `localhost` name pointing
// at an internal address is a 403 naming the field (`url`, `destination.queueUrl`, `destination.brokers.0`…):
// a well-formed address the delivery policy (DELIVERY_ALLOW_LIST) refuses. Names are judged again at
// delivery time, on every address actually connected to (activities/delivery/http/guarded-agent.ts,
// activities/delivery/senders/guarded-socket.ts), brokers learned from Kafka's metadata included.
import type { RequestHandler } from 'express';
import { refuseUrlHost, type AllowList } from '../../domain/node/address-policy';
import { sendProblem } from '../problem';

/** Each address the body names, by its field, as a URL the policy can judge. */
function addressesIn(body: Record<string, unknown>): Array<[field: string, address: unknown]> {
  const found: Array<[string, unknown]> = [['url', body.url]];
  const d = body.destination as Record<string, unknown> | undefined;
  if (d && typeof d === 'object') {
    found.push(['destination.queueUrl', d.queueUrl], ['destination.endpointUrl', d.endpointUrl]);
    if (Array.isArray(d.brokers)) d.brokers.forEach((b, i) => found.push([`destination.brokers.${i}`, typeof b === 'string' ? `http://${b}` : undefined]));
  }
  return found;
}

export function endpointUrlGuard(allowList: AllowList): RequestHandler {
  return (req, res, next) => {
    const body = req.body as Record<string, unknown> | undefined;
    if ((req.method !== 'POST' && req.method !== 'PATCH') || !body || typeof body !== 'object') return next();
    for (const [field, address] of addressesIn(body)) {
      if (typeof address !== 'string' || !URL.canParse(address)) continue;
      const refusal = refuseUrlHost(allowList, new URL(address));
      if (!refusal) continue;
      return sendProblem(res, {
        type: 'https://edgecron.dev/problems/403', title: 'Delivery address refused', status: 403,
        detail: `${field}: ${refusal}`, errors: [{ field, message: refusal }],
      });
    }
    next();
  };
}
