// Which network addresses a delivery may reach. Pure: the HTTP connector (activities/delivery/http) applies it
// to the address it actually connects to, the API applies it to IP literals in endpoint URLs.
import { BlockList, isIP } from 'node:net';

/** Ranges no delivery may reach unless allow-listed, each with the name shown in the refusal. */
const DENIED: Array<[cidr: string, why: string]> = [
  ['0.0.0.0/8', 'unspecified ("this network")'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local (cloud metadata)'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::ffff:0:0/96', 'IPv4-mapped'],
  ['::/96', 'IPv4-compatible (deprecated)'],
  ['64:ff9b::/96', 'NAT64'],
  ['64:ff9b:1::/48', 'local NAT64'],
  ['100::/64', 'discard-only'],
  ['2001::/23', 'IETF protocol assignments (Teredo, ORCHID…)'],
  ['2001:db8::/32', 'documentation'],
  ['2002::/16', '6to4'],
  ['3fff::/20', 'documentation'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['ff00::/8', 'multicast'],
];

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

function addCidr(list: BlockList, cidr: string): void {
  const [address, bits] = cidr.split('/');
  const kind = isIP(address);
  if (!kind) throw new Error(`not an IP address: ${address}`);
  const prefix = bits === undefined ? (kind === 6 ? 128 : 32) : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (kind === 6 ? 128 : 32)) throw new Error(`bad prefix in ${cidr}`);
  list.addSubnet(address, prefix, kind === 6 ? 'ipv6' : 'ipv4');
}

const deniedLists = DENIED.map(([cidr, why]) => {
  const list = new BlockList();
  addCidr(list, cidr);
  return { list, why, kind: family(cidr.split('/')[0]) };
});

/**
 * Why `address` is not publicly routable, or undefined if it is. Only rules of the address's own
 * family apply: BlockList would otherwise match IPv4 addresses against IPv6 rules such as
 * ::ffff:0:0/96 (and the reverse), so each family is judged on its own ranges.
 */
export function deniedReason(address: string): string | undefined {
  const kind = family(address);
  return deniedLists.find((l) => l.kind === kind && l.list.check(address, kind))?.why;
}

/** An operator's exceptions: CIDRs and IPs, or host names (exact, or `*.suffix`). */
export interface AllowList {
  /** One list per family, for the same reason as deniedReason. */
  addresses: Record<'ipv4' | 'ipv6', BlockList>;
  hosts: string[];
  /** The entries as configured, for messages. */
  source: string;
}

export function parseAllowList(value: string): AllowList {
  const addresses = { ipv4: new BlockList(), ipv6: new BlockList() };
  const hosts: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const bare = entry.replace(/^\[|\]$/g, '');
    if (isIP(bare.split('/')[0])) addCidr(addresses[family(bare.split('/')[0])], bare);
    else if (/^(\*\.)?[a-z0-9.-]+$/.test(entry)) hosts.push(entry.replace(/\.$/, ''));
    else throw new Error(`DELIVERY_ALLOW_LIST: "${raw.trim()}" is neither a CIDR, an IP nor a host name`);
  }
  return { addresses, hosts, source: value };
}

/** A URL host name as the connector sees it: lower case, no brackets, no trailing dot. */
export function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

export function isHostAllowed(allow: AllowList, hostname: string): boolean {
  const host = normalizeHost(hostname);
  return allow.hosts.some((h) => (h.startsWith('*.') ? host.endsWith(h.slice(1)) : host === h));
}

/** The refusal message for connecting to `address`, or undefined when allowed. */
export function refuseAddress(allow: AllowList, address: string): string | undefined {
  const why = deniedReason(address);
  if (!why) return undefined;
  const kind = family(address);
  if (allow.addresses[kind].check(address, kind)) return undefined;
  return `${address} is ${why}; delivery to it is refused (add it to DELIVERY_ALLOW_LIST to allow)`;
}

/**
 * What the API can know without DNS: the host is an IP literal (in any spelling the URL parser
 * normalises: decimal, hex, octal, short or bracketed IPv6) or a `localhost` name.
 * Names are checked again, on the address connected to, at delivery time.
 */
export function refuseUrlHost(allow: AllowList, url: URL): string | undefined {
  if (isHostAllowed(allow, url.hostname)) return undefined;
  const host = normalizeHost(url.hostname);
  if (isIP(host)) return refuseAddress(allow, host);
  if (host === 'localhost' || host.endsWith('.localhost')) {
    // RFC 6761: always loopback. Allowed when loopback is.
    return refuseAddress(allow, '127.0.0.1') && refuseAddress(allow, '::1')
      ? `${host} is loopback; delivery to it is refused (add it to DELIVERY_ALLOW_LIST to allow)`
      : undefined;
  }
  return undefined;
}
