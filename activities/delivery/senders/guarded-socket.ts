// The address policy for connections a queue client opens itself (the AWS SDK's agents, Kafka's
// sockets): the same rules as the HTTP agent (../http/guarded-agent.ts), applied to every connection,
// including those to addresses learned later (a broker Kafka's metadata names). An IP literal is
// refused before any packet leaves; a name is filtered at lookup; the connected address is checked again.
import http from 'node:http';
import https from 'node:https';
import { isIP, Socket, type NetConnectOpts } from 'node:net';
import { isHostAllowed, normalizeHost, refuseAddress, type AllowList } from '../../../src/domain/node/address-policy';
import { BlockedAddressError, filteredLookup } from '../http/guarded-agent';

/** A refusal of a literal address, or nothing when the host may be tried. */
function literalRefusal(allow: AllowList, host: string): string | undefined {
  const bare = normalizeHost(host);
  return !isHostAllowed(allow, host) && isIP(bare) ? refuseAddress(allow, bare) : undefined;
}

/** A socket that fails as soon as it is used: what a refused address gets instead of a connection. */
export function refusedSocket(message: string): Socket {
  const socket = new Socket();
  process.nextTick(() => socket.destroy(new BlockedAddressError(message)));
  return socket;
}

/** Destroys the socket, once connected, if the address it reached is refused. */
export function checkConnectedAddress(allow: AllowList, host: string, socket: Socket): Socket {
  if (isHostAllowed(allow, host)) return socket;
  socket.once('connect', () => {
    const remote = socket.remoteAddress;
    const refusal = remote ? refuseAddress(allow, remote) : 'the connected address is unknown';
    if (refusal) socket.destroy(new BlockedAddressError(`${host} connected to ${refusal}`));
  });
  return socket;
}

/** Opens (with `open`) a connection to host:port under the policy. */
export function guardedConnect(allow: AllowList, host: string, port: number, open: (lookup: ReturnType<typeof filteredLookup>) => Socket): Socket {
  const refusal = literalRefusal(allow, host);
  if (refusal) return refusedSocket(`${host}:${port} is ${refusal}`);
  return checkConnectedAddress(allow, host, open(filteredLookup(allow)));
}

type AgentClass = typeof http.Agent | typeof https.Agent;

/** An http(s).Agent whose every connection passes the policy (the AWS SDK's request handler takes these). */
function guardedAgentOf<A extends AgentClass>(Base: A, allow: AllowList): InstanceType<A> {
  const Guarded = class extends (Base as typeof http.Agent) {
    override createConnection(options: NetConnectOpts & { host?: string; port?: number }, callback?: (err: Error | null, socket: Socket) => void) {
      const host = options.host ?? 'localhost';
      const create = super.createConnection.bind(this) as (o: NetConnectOpts, cb?: typeof callback) => Socket;
      return guardedConnect(allow, host, Number(options.port ?? 0), (lookup) => create({ ...options, lookup } as NetConnectOpts, callback));
    }
  };
  return new Guarded({ keepAlive: true }) as InstanceType<A>;
}

export const guardedHttpAgent = (allow: AllowList) => guardedAgentOf(http.Agent, allow);
export const guardedHttpsAgent = (allow: AllowList) => guardedAgentOf(https.Agent, allow);
