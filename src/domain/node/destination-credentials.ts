// The credentials a queue destination carries (an SQS secret key and session token, a Kafka SASL
// password): sealed at rest like header values, masked in every answer, opened only to send and by the
// full-scope reveal call. A masked value sent back in a PATCH keeps the stored one.
import { invalidField } from '../errors';
import { maskUrl, MASK } from './endpoint-credentials';
import { isSealed, type SecretBox } from './secret-box';

/** What this file needs of a destination (src/contracts/destinations has the full types). */
type Destination = { type: 'sqs'; queueUrl: string } | { type: 'kafka'; brokers: string[]; topic: string };

/** Where each destination type keeps its secrets, as paths into its object. */
const SECRET_PATHS: Record<Destination['type'], string[][]> = {
  sqs: [['secretAccessKey'], ['sessionToken']],
  kafka: [['sasl', 'password']],
};

type Tree = Record<string, unknown>;

const context = (endpointId: string, path: string[]) => `endpoint:${endpointId}:destination:${path.join('.')}`;

/** Copies the destination, passing each secret present through `change`. */
function mapSecrets(d: Tree, change: (value: string, path: string[]) => string): Tree {
  const copy = structuredClone(d);
  for (const path of SECRET_PATHS[d.type as Destination['type']] ?? []) {
    const parent = path.slice(0, -1).reduce<Tree | undefined>((node, key) => node?.[key] as Tree | undefined, copy);
    const key = path[path.length - 1];
    if (parent && typeof parent[key] === 'string') parent[key] = change(parent[key], path);
  }
  return copy;
}

export function sealDestination<D extends Destination>(box: SecretBox, endpointId: string, d: D): Tree {
  return mapSecrets(d, (value, path) => box.seal(value, context(endpointId, path)));
}

/** `D`: the caller's destination type (the stored JSON is read as what the API accepted). */
export function openDestination<D extends Destination>(box: SecretBox, endpointId: string, stored: unknown): D {
  return mapSecrets(stored as Tree, (value, path) => (isSealed(value) ? box.open(value, context(endpointId, path)) : value)) as D;
}

export function maskDestination<D extends Destination>(stored: unknown): D {
  return mapSecrets(stored as Tree, () => MASK) as D;
}

/** The destination to store after a change: a masked secret keeps the stored one of the same type. */
export function keepMaskedDestination<D extends Destination>(sent: D, stored: D | null): D {
  return mapSecrets(sent, (value, path) => {
    if (value !== MASK) return value;
    const kept = stored?.type === sent.type ? path.reduce<unknown>((node, key) => (node as Tree | undefined)?.[key], stored) : undefined;
    if (typeof kept !== 'string') throw invalidField(`destination.${path.join('.')}`, 'is masked (********) but no value is stored for it; send the real value');
    return kept;
  }) as D;
}

/** The address an attempt, a log line and the Web UI memo show: never a credential. */
export function destinationAddress(d: Destination): string {
  if (d.type === 'sqs') return maskUrl(d.queueUrl);
  return `kafka://${d.brokers.join(',')}/${d.topic}`;
}
