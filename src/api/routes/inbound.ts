// POST /in/:sourceId: third-party webhooks. No API key: the source's verification is its authentication.
// The body is read raw (any Content-Type, up to API_BODY_LIMIT_BYTES, else 413): signatures cover bytes.
import express, { Router } from 'express';
import type { ApiDeps } from '../api-deps';
import { ingestInbound, type IngestOutcome, type VerificationFailureLimit } from '../../services/sources/ingest-inbound';
import { sendProblem } from '../problem';

const problem = (status: number) => `https://edgecron.dev/problems/${status}`;

function answer(res: express.Response, sourceId: string, o: IngestOutcome): void {
  switch (o.status) {
    case 202: return void res.status(202).json({ eventId: o.eventId });
    case 200: return void res.status(200).json({ eventId: o.eventId, duplicate: true });
    case 401: return sendProblem(res, { type: problem(401), title: 'Verification failed', status: 401, detail: `The request was refused: ${o.reason}.` });
    case 404: return sendProblem(res, { type: problem(404), title: 'Source not found', status: 404, detail: `No source with id ${sourceId}.` });
    case 422: return sendProblem(res, { type: problem(422), title: 'Unprocessable event', status: 422, detail: o.reason, ...(o.fields?.length ? { errors: o.fields } : {}) });
    case 429:
      res.set('retry-after', String(o.retryAfterSeconds));
      return sendProblem(res, { type: problem(429), title: 'Too many requests', status: 429, detail: `${o.reason}; retry after ${o.retryAfterSeconds} s.` });
    case 503:
      res.set('retry-after', String(o.retryAfterSeconds));
      return sendProblem(res, { type: problem(503), title: 'Source disabled', status: 503, detail: 'This source is disabled; retry later.' });
  }
}

export function inboundRoutes(deps: ApiDeps, bodyLimitBytes: number, verificationFailures: VerificationFailureLimit): Router {
  const r = Router();
  r.post('/:sourceId', express.raw({ type: () => true, limit: bodyLimitBytes }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const outcome = await ingestInbound({ ...deps, verificationFailures }, req.params.sourceId, {
      body,
      contentType: req.get('content-type'),
      header: (name) => req.get(name),
      // req.ip follows the app's `trust proxy` setting (API_TRUST_PROXY).
      address: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    });
    answer(res, req.params.sourceId, outcome);
  });
  return r;
}
