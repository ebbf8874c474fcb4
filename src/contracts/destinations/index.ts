// Where an endpoint delivers when it is not an HTTP URL. Adding a destination type: its contract here
// (one file), its sender in activities/delivery/senders/ (one file), and its secret fields in
// src/domain/node/destination-credentials.ts. docs/destinations.md walks through it.
import { z } from 'zod';
import { kafkaDestination } from './kafka';
import { sqsDestination } from './sqs';

export const destination = z.discriminatedUnion('type', [sqsDestination, kafkaDestination]);

export type Destination = z.infer<typeof destination>;
export type DestinationType = Destination['type'];
