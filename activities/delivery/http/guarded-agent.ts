// The undici Agent every delivery goes through. It refuses to connect to private, loopback,
// link-local and other internal addresses (src/domain/node/address-policy.ts) unless allow-listed, and
// judges the address it actually connects to, not the URL: DNS answers are filtered before
// connecting (so a name that resolves, or re-resolves, to 127.0.0.1 is refused) and the socket's
// remote address is checked once connected (so nothing slips past, whatever the resolver did).
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { isHostAllowed, normalizeHost, refuseAddress, type AllowList } from '../../../src/domain/node/address-policy';

export const BLOCKED_CODE = 'EDGECRON_BLOCKED_ADDRESS';

export class BlockedAddressError extends Error {
  readonly code = BLOCKED_CODE;
  constructor(message: string) {
    super(message);
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** dns.lookup's shape; tests pass their own to make a name resolve wherever they need. */
export type LookupFn = (hostname: string, options: LookupOptions & { all: true }, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemLookup: LookupFn = (hostname, options, callback) => dnsLookup(hostname, options, callback);

export interface GuardedAgentOptions {
  allowList: AllowList;
  lookup?: LookupFn;
  connections?: number | null;
}

export function filteredLookup(allow: AllowList, lookup: LookupFn = systemLookup) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const usable = isHostAllowed(allow, hostname) ? addresses : addresses.filter((a) => !refuseAddress(allow, a.address));
      if (usable.length === 0) {
        const refusal = addresses.length ? refuseAddress(allow, addresses[0].address) : 'no address';
        return callback(new BlockedAddressError(`${hostname} resolves to ${refusal}`), []);
      }
      if (options.all) callback(null, usable);
      else callback(null, usable[0].address, usable[0].family);
    });
  };
}

export function createGuardedAgent(o: GuardedAgentOptions): Agent {
  const allow = o.allowList;
  const base = buildConnector({ timeout: 10_000, lookup: filteredLookup(allow, o.lookup ?? systemLookup) } as buildConnector.BuildOptions);
  const connect: buildConnector.connector = (opts, callback) => {
    const hostAllowed = isHostAllowed(allow, opts.hostname);
    const host = normalizeHost(opts.hostname);
    // An IP literal is connected to without a lookup: refuse it before any packet leaves.
    const literalRefusal = !hostAllowed && isIP(host) ? refuseAddress(allow, host) : undefined;
    if (literalRefusal) return callback(new BlockedAddressError(literalRefusal), null);
    base(opts, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('no socket'), null);
      const remote = socket.remoteAddress;
      const refusal = hostAllowed ? undefined : remote ? refuseAddress(allow, remote) : 'the connected address is unknown';
      if (refusal) {
        socket.destroy();
        return callback(new BlockedAddressError(`${opts.hostname} connected to ${refusal}`), null);
      }
      callback(null, socket);
    });
  };
  // Keep-alive to busy receivers; redirects are never followed (request() follows none unless a
  // redirect interceptor is added), so a 3xx to an internal address is just a recorded response.
  // No cap on sockets per origin by default (undici's null): a call's timeout starts before undici
  // queues it, so a queue here would record our own wait as the receiver's timeout. What bounds
  // calls to one receiver is the flow gate (fair share, maxConcurrency), before the timeout starts.
  return new Agent({ keepAliveTimeout: 10_000, connections: o.connections ?? null, connect });
}
