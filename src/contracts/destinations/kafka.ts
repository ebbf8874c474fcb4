// An Apache Kafka topic as an endpoint's destination; records are produced with acks=all.
import { z } from 'zod';
import { secretText } from './secret-text';

/** 1 to 65535, no leading zero: in the pattern itself, so the OpenAPI document says it too. */
const PORT = '(?:6553[0-5]|655[0-2]\\d|65[0-4]\\d{2}|6[0-4]\\d{3}|[1-5]\\d{4}|[1-9]\\d{0,3})';
const broker = z.string().regex(new RegExp(`^(?:\\[[0-9A-Fa-f:.]{2,45}\\]|[A-Za-z0-9.-]{1,253}):${PORT}$`), 'host:port, the port from 1 to 65535');

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

export const kafkaDestination = z
  .strictObject({
    type: z.literal('kafka'),
    brokers: z.array(broker).min(1).max(20).describe('Bootstrap brokers, host:port.'),
    topic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'letters, digits and . _ - (at most 249)'),
    clientId: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'letters, digits and . _ - (at most 128)').optional(),
    tls: z.boolean().optional().describe('Connect with TLS; default false.'),
    sasl: z
      .strictObject({
        mechanism: z.enum(SASL_MECHANISMS),
        username: z.string().min(1).max(256).regex(/^[^\u0000]*$/, 'must not contain the NUL character'),
        password: secretText(1024),
      })
      .optional(),
  })
  .describe('Apache Kafka. `sasl.password` reads `********` in answers. The record key is the ordering key, else the webhook-id.');

export type KafkaDestination = z.infer<typeof kafkaDestination>;
