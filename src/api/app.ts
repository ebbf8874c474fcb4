// The Express app: JSON in, JSON or problem+json out.
import express from 'express';
import { createAuthenticator } from '../services/authenticate';
import type { ApiDeps } from './api-deps';
import { problemHandler, sendProblem } from './problem';
import { requestMetrics } from './request-metrics';
import { rememberMount } from './route-label';
import { traceRequests } from './request-tracing';
import { assignTraceId } from './request-trace-id';
import { answerOptions, methodNotAllowed } from './method-not-allowed';
import { operations } from './openapi/operations';
import { docsRoutes } from './routes/docs';
import { apiKeyRoutes } from './routes/api-keys';
import { auditEventRoutes } from './routes/audit-events';
import type { ApiSecurity } from './security/api-security';
import { bodyLimits } from './security/body-limits';
import { endpointUrlGuard } from './security/endpoint-url-guard';
import { rateLimit } from './security/rate-limit';
import { urlLengthLimit } from './security/request-limits';
import { requireApiKey } from './security/require-api-key';
import { tenantGate } from './security/tenant-gate';
import { consoleAssets } from './routes/console';
import { portalAssets } from './routes/portal';
import { metricsRoutes } from './routes/metrics';
import { deadLetterRoutes } from './routes/dead-letters';
import { endpointRoutes } from './routes/endpoints';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { scheduleRoutes } from './routes/schedules';
import { statsRoutes } from './routes/stats';
import { retryJobRoutes } from './routes/retry-jobs';
import { retryPolicyRoutes } from './routes/retry-policies';
import { taskRunRoutes } from './routes/task-runs';
import { tenantRoutes } from './routes/tenants';
import { eventTypeRoutes } from './routes/event-types';
import { sourceRoutes } from './routes/sources';
import { inboundRoutes } from './routes/inbound';
import { transformationRoutes } from './routes/transformations';

export interface AppOptions {
  /** An OTLP endpoint is configured: give each request a span that its workflows continue. */
  tracing?: boolean;
}

export function createApp(deps: ApiDeps, security: ApiSecurity, options: AppOptions = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (security.trustProxy !== undefined) app.set('trust proxy', security.trustProxy);
  if (options.tracing) app.use(traceRequests);
  app.use(assignTraceId);
  app.use(requestMetrics);
  app.use(urlLengthLimit(security.maxUrlLength));
  app.use(answerOptions(operations));
  app.use(healthRoutes(deps));
  app.use(metricsRoutes(deps.db));
  app.use(docsRoutes());
  app.use('/console', consoleAssets());
  app.use('/portal', portalAssets(security.portal));
  // Inbound webhooks authenticate by their source's verification, not an API key.
  app.use('/in', rememberMount, inboundRoutes(deps, security.bodyLimitBytes, security.sourceAuthFailures));
  // /v1: authenticate and rate-limit before reading a body, then cap what the body may be.
  app.use(
    '/v1',
    requireApiKey(createAuthenticator(deps.db, security.bootstrapApiKey), security.authFailures),
    rateLimit(security.rateLimit, deps.db),
    express.json({ limit: security.bodyLimitBytes, strict: false }),
    bodyLimits(security.bodyLimits),
    // Last: the tenant's scope must wrap the routes, and body parsing would lose it.
    tenantGate,
  );
  app.use('/v1/endpoints', endpointUrlGuard(security.allowList));
  app.use('/v1/api-keys', rememberMount, apiKeyRoutes(deps));
  app.use('/v1/endpoints', rememberMount, endpointRoutes(deps));
  app.use('/v1/task-runs', rememberMount, taskRunRoutes(deps));
  app.use('/v1/schedules', rememberMount, scheduleRoutes(deps));
  app.use('/v1/events', rememberMount, eventRoutes(deps));
  app.use('/v1/retry-policies', rememberMount, retryPolicyRoutes(deps));
  app.use('/v1/retry-jobs', rememberMount, retryJobRoutes(deps));
  app.use('/v1/dead-letters', rememberMount, deadLetterRoutes(deps));
  app.use('/v1/stats', rememberMount, statsRoutes(deps));
  app.use('/v1/audit-events', rememberMount, auditEventRoutes(deps));
  app.use('/v1/tenants', rememberMount, tenantRoutes(deps, security.portal));
  app.use('/v1/event-types', rememberMount, eventTypeRoutes(deps));
  app.use('/v1/sources', rememberMount, sourceRoutes(deps, security.portal.publicUrl));
  app.use('/v1/transformations', rememberMount, transformationRoutes(deps));
  app.use(methodNotAllowed(operations));
  app.use((req, res) => {
    sendProblem(res, { type: 'https://edgecron.dev/problems/404', title: 'Not found', status: 404, detail: `No route for ${req.method} ${req.path}.` });
  });
  app.use(problemHandler(deps.logger));
  return app;
}
