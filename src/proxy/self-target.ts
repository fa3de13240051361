import { lookup } from 'node:dns/promises';
import { isIP, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Endpoint } from './latency-proxy.js';

/** The address a connection to IP really reaches: Linux sends 0.0.0.0 and :: to loopback, and an IPv4-mapped IPv6 address is its IPv4 one. */
function reached(ip: string): string {
  if (ip === '0.0.0.0') return '127.0.0.1';
  if (ip === '::') return '::1';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? (mapped[1] as string) : ip.toLowerCase();
}

/** This host's own addresses: every interface's, and all of 127.0.0.0/8 (the loopback interface answers them all). */
function isLocal(ip: string): boolean {
  if (isIP(ip) === 4 && ip.startsWith('127.')) return true;
  if (ip === '::1') return true;
  return Object.values(networkInterfaces()).some((list) => list?.some((entry) => reached(entry.address) === ip));
}

/** Would a connection to IP:port (port already equal) be accepted by a socket bound to BOUND? */
function accepts(bound: string, ip: string): boolean {
  // A wildcard socket takes every local address of its family; '::' takes IPv4 too (dual stack, Node's default).
  if (bound === '0.0.0.0') return isIP(ip) === 4 && isLocal(ip);
  if (bound === '::') return isLocal(ip);
  return reached(bound) === ip;
}

/** Whether forwarding to TARGET would reach the proxy's own socket (bound at BOUND, its server.address()) (chaining connections until file descriptors run out); a name that does not resolve yet is allowed. */
export async function targetIsItself(bound: AddressInfo, target: Endpoint): Promise<boolean> {
  if (bound.port !== target.port) return false;
  let addresses: string[];
  if (isIP(target.host) !== 0) addresses = [target.host];
  else {
    try {
      addresses = (await lookup(target.host, { all: true })).map((entry) => entry.address);
    } catch {
      return false;
    }
  }
  return addresses.some((address) => accepts(bound.address, reached(address)));
}
