// An Amazon SQS queue (or any SQS-compatible server) as an endpoint's destination.
import { z } from 'zod';
import { url } from '../url';
import { secretText } from './secret-text';

export const sqsDestination = z
  .strictObject({
    type: z.literal('sqs'),
    queueUrl: url.describe('The queue URL. A `.fifo` queue gets MessageGroupId (the ordering key, else the endpoint id) and MessageDeduplicationId (the webhook-id).'),
    region: z.string().regex(/^[a-z0-9-]{1,32}$/, 'an AWS region such as us-east-1').describe('Never derived from the queue URL.'),
    accessKeyId: z.string().regex(/^[A-Za-z0-9+/=._-]{1,128}$/, 'letters, digits and + / = . _ - (at most 128)'),
    secretAccessKey: secretText(256),
    sessionToken: secretText(4096).optional(),
    endpointUrl: url.optional().describe('The SQS API address to call; unset = AWS for the region.'),
  })
  .describe('Amazon SQS. `secretAccessKey` and `sessionToken` read `********` in answers.');

export type SqsDestination = z.infer<typeof sqsDestination>;
