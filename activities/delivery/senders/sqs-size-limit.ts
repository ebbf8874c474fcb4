// SQS counts a message's size with its attributes (each name, data type and value) against the queue's
// MaximumMessageSize, which a queue may set below SQS's own 1 MiB. The sender reads that limit once per
// client and refuses a message over it before sending: a message no retry can make fit dead-letters
// as message_too_large, whatever an SQS-compatible server would have said.
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** SQS's largest message (and its default MaximumMessageSize). */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;

/** The message's size as SQS counts it: body plus every attribute's name, data type and value, in bytes. */
export function sqsMessageBytes(body: string, attributes: Record<string, string>): number {
  let size = Buffer.byteLength(body);
  for (const [name, value] of Object.entries(attributes)) size += Buffer.byteLength(name) + 'String'.length + Buffer.byteLength(value);
  return size;
}

/**
 * The queue's MaximumMessageSize; SQS's own maximum when it cannot be read (a key allowed to send but
 * not to read attributes, a missing queue: the send then says why). Read once per client: a client is
 * built again after a connection failure, so a limit read during an outage is read again.
 */
export async function readQueueSizeLimit(client: SQSClient, queueUrl: string, abortSignal: AbortSignal): Promise<{ bytes: number; known: boolean }> {
  try {
    const out = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['MaximumMessageSize'] }), { abortSignal });
    const bytes = Number(out.Attributes?.MaximumMessageSize);
    return Number.isInteger(bytes) && bytes > 0 ? { bytes, known: true } : { bytes: SQS_MAX_MESSAGE_BYTES, known: false };
  } catch {
    return { bytes: SQS_MAX_MESSAGE_BYTES, known: false };
  }
}
