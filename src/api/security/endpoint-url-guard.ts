// Endpoint URLs that can be judged without DNS are judged at the API: an IP literal in any spelling
// (the URL parser normalises 2130706433, 0x7f.1, 0177.0.0.1, [::1]) or a `localhost` name pointing
// at an internal address is a 403 naming `url`: a well-formed URL the delivery policy (DELIVERY_ALLOW_LIST)
// refuses. Host names are judged again at delivery time, on the address actually connected to
// (activities/delivery/http/guarded-agent.ts).
import type { RequestHandler } from 'express';
import { refuseUrlHost, type AllowList } from '../../domain/node/address-policy';
import { sendProblem } from '../problem';

export function endpointUrlGuard(allowList: AllowList): RequestHandler {
  return (req, res, next) => {
    const url = (req.body as { url?: unknown } | undefined)?.url;
    if ((req.method !== 'POST' && req.method !== 'PATCH') || typeof url !== 'string' || !URL.canParse(url)) return next();
    const refusal = refuseUrlHost(allowList, new URL(url));
    if (!refusal) return next();
    sendProblem(res, {
      type: 'https://edgecron.dev/problems/403', title: 'Delivery address refused', status: 403,
      detail: `url: ${refusal}`, errors: [{ field: 'url', message: refusal }],
    });
  };
}
