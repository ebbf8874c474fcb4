// Sends to Amazon SQS (or an SQS-compatible server) with the AWS SDK: one SendMessage per delivery,
// the webhook-* headers as message attributes. The SDK's own retries are off (the endpoint's policy
// retries), and its connections go through the delivery address policy (guarded-socket.ts).
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { SqsDestination } from '../../../src/contracts/destinations/sqs';
import type { ErrorKind } from '../../../src/domain/delivery-outcome';
import type { AllowList } from '../../../src/domain/node/address-policy';
import { BLOCKED_CODE } from '../http/guarded-agent';
import type { CallOutcome } from '../http/send-webhook';
import { guardedHttpAgent, guardedHttpsAgent } from './guarded-socket';
import { messageAttributes, scrub, withinTimeout, type OutboundMessage, type QueueSender } from './sender';
import { readQueueSizeLimit, sqsMessageBytes } from './sqs-size-limit';

interface SqsQueueClient {
  sqs: SQSClient;
  /** The queue's size limit, read on the first send. */
  limit?: Promise<{ bytes: number; known: boolean }>;
}

const NOT_FOUND = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'NonExistentQueue']);
const AUTH_FAILED = new Set([
  'InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClientException', 'AccessDenied', 'AccessDeniedException',
  'InvalidAccessKeyId', 'ExpiredToken', 'ExpiredTokenException', 'MissingAuthenticationToken', 'InvalidSecurity', 'IncompleteSignature',
]);
const TOO_LARGE = /shorter than|too long|too large|maximum (message )?size/i;

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: { code?: string; message?: string };
}

function classify(err: SdkError, aborted: boolean): ErrorKind {
  const name = err.Code ?? err.name ?? '';
  const status = err.$metadata?.httpStatusCode;
  if (err.code === BLOCKED_CODE || err.cause?.code === BLOCKED_CODE) return 'blocked';
  if (NOT_FOUND.has(name)) return 'not_found';
  if (AUTH_FAILED.has(name) || status === 403) return 'auth_failed';
  if (TOO_LARGE.test(err.message ?? '') || name === 'MessageTooLong') return 'too_large';
  if (aborted || name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  if (status === undefined) return 'network';
  return 'rejected'; // throttling, a server error, or another refusal the queue answered
}

export function createSqsSender(allowList: AllowList): QueueSender<SqsDestination, SqsQueueClient> {
  // One pair of agents for the sender: every SQS endpoint's client shares their keep-alive connections.
  const httpAgent = guardedHttpAgent(allowList);
  const httpsAgent = guardedHttpsAgent(allowList);

  return {
    connect(d) {
      const sqs = new SQSClient({
        region: d.region,
        endpoint: d.endpointUrl,
        credentials: { accessKeyId: d.accessKeyId, secretAccessKey: d.secretAccessKey, sessionToken: d.sessionToken },
        maxAttempts: 1,
        // The send's own bound is the endpoint's timeout (withinTimeout); these only stop a stuck socket.
        requestHandler: new NodeHttpHandler({ httpAgent, httpsAgent, connectionTimeout: 120_000, requestTimeout: 120_000 }),
      });
      return { sqs };
    },
    async send(client, d, message: OutboundMessage): Promise<CallOutcome> {
      const started = performance.now();
      const latency = () => Math.round(performance.now() - started);
      const attributes = messageAttributes(message);
      const fifo = d.queueUrl.endsWith('.fifo');
      return withinTimeout(message.request.timeoutMs, async (abortSignal) => {
        try {
          const body = message.request.body ?? '';
          const limit = await (client.limit ??= readQueueSizeLimit(client.sqs, d.queueUrl, abortSignal));
          const size = sqsMessageBytes(body, attributes);
          if (size > limit.bytes) {
            const of = limit.known ? "the queue's MaximumMessageSize" : "SQS's maximum";
            return { errorKind: 'too_large', errorMessage: `the message is ${size} bytes with its attributes; ${of} is ${limit.bytes}`, latencyMs: latency() };
          }
          const answer = await client.sqs.send(
            new SendMessageCommand({
              QueueUrl: d.queueUrl,
              MessageBody: body,
              MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
              ...(fifo && { MessageGroupId: message.orderingKey ?? message.endpointId, MessageDeduplicationId: message.webhookId }),
            }),
            { abortSignal },
          );
          return { latencyMs: latency(), destinationResult: { messageId: answer.MessageId ?? '' } };
        } catch (err) {
          const e = err as SdkError;
          const kind = classify(e, abortSignal.aborted);
          const named = [e.Code ?? e.name, e.message].filter(Boolean).join(': ');
          return { errorKind: kind, errorMessage: scrub(named || 'SQS refused the message', [d.secretAccessKey, d.sessionToken]), latencyMs: latency() };
        }
      });
    },
    async close(client) {
      client.sqs.destroy();
    },
  };
}
