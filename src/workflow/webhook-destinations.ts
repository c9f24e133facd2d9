import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { Attempt } from '../store/webhooks';
import type { Poster } from './webhooks';

// Where webhooks may go. A registered URL is a request this service makes on an admin's word:
// to a private, loopback or link-local address it could reach the database, a cloud's metadata
// service or an internal admin port. Those are refused unless the operator's allow-list names
// the host or its network — checked at registration and again before each request, since a
// name may resolve elsewhere later.

const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  internal.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  internal.addSubnet(net, bits, 'ipv6');

/** The operator's exceptions: host names as written in URLs, addresses, or networks as address/bits. */
export type Destinations = { hosts: ReadonlySet<string>; networks: BlockList };

export function allowedDestinations(entries: readonly string[]): Destinations {
  const hosts = new Set<string>();
  const networks = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const family = isIP(address!) === 4 ? 'ipv4' : 'ipv6';
    if (isIP(address!) === 0) hosts.add(entry.toLowerCase());
    else if (bits === undefined) networks.addAddress(address!, family);
    else networks.addSubnet(address!, Number(bits), family);
  }
  return { hosts, networks };
}

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1, which URLs write ::ffff:a00:1) is judged as the IPv4 one. */
function unmapped(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return address;
  const [high, low] = [Number.parseInt(hex[1]!, 16), Number.parseInt(hex[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Null when `url` may be called; else the address it resolves to that may not be, or null when it does not resolve. */
export async function refusedDestination(url: string, allowed: Destinations): Promise<{ host: string; address: string | null } | null> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allowed.hosts.has(host)) return null;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return { host, address: null };
  }
  for (const raw of addresses) {
    const address = unmapped(raw);
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (internal.check(address, family) && !allowed.networks.check(address, family)) return { host, address };
  }
  return null;
}

/** `post`, but a request to a destination the allow-list does not cover fails without being sent. */
export function guardedPoster(post: Poster, allowed: Destinations): Poster {
  return async (url, headers, body): Promise<Attempt> => {
    const refused = await refusedDestination(url, allowed);
    if (refused === null) return post(url, headers, body);
    return {
      status: null,
      error: refused.address
        ? `not sent: ${refused.host} is ${refused.address}, an internal address WEBHOOK_ALLOWED_HOSTS does not name`
        : `not sent: ${refused.host} does not resolve`,
    };
  };
}
