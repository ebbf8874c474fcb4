// The EdgeCron SDK: `import { EdgeCron, verifyWebhook } from 'edgecron/sdk'`.
export { EdgeCron } from './client';
export type { ClientOptions } from './transport';
export * from './errors';
export * from './types';
export * from './tenant-types';
export * from './source-types';
export * from './transformation-types';
/** How the API shows a custom header value or URL credential; sent back in an update, it keeps the stored one. */
export const MASKED_VALUE = '********';
export { FINAL_TASK_RUN_STATUSES, type WaitOptions } from './resources/task-runs';
export type { PublishOptions } from './resources/events';
export { verifyWebhook, WebhookVerificationError } from './verify-webhook';
export type { IncomingHeaders, VerifiedWebhook, VerifyWebhookOptions, WebhookVerificationReason } from './verify-webhook';
export * from './temporal';
