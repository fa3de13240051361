import { isIP } from 'node:net';
import { integerInRange, UsageError } from './usage.js';

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 8080;

export interface Target {
  host: string;
  port: number;
  /** http://host:port, IPv6 hosts in brackets. */
  origin: string;
}

/** Labels of letters, digits, '-' (and '_', which Docker's service names use), 1-63 characters, not starting or ending with '-'. */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/** Why HOST is neither a host name nor an IP literal, or undefined when it is one. */
export function hostProblem(host: string): string | undefined {
  if (host.includes('://')) return 'give the host alone, without a scheme';
  if (host.includes('%')) return 'IPv6 zone ids (%eth0) are not supported: use an address without one';
  if (isIP(host) !== 0) return undefined;
  if (host.includes(':')) {
    return /^[^:]*:\d+$/.test(host) ? 'put the port in BENCHMARK_SERVER_PORT, not in the host' : 'not a valid IP address';
  }
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253) return 'not a host name';
  const labels = name.split('.');
  if (!labels.every((label) => LABEL.test(label))) return 'not a host name';
  // A name whose last label is all digits would be read as an IPv4 address (999.1.1.1, 1.2.3).
  if (/^\d+$/.test(labels[labels.length - 1] as string)) return 'not a valid IPv4 address';
  return undefined;
}

/** The server to measure against, from BENCHMARK_SERVER_HOST / BENCHMARK_SERVER_PORT, as the original. */
export function targetFromEnvironment(env: NodeJS.ProcessEnv = process.env): Target {
  const raw = (env.BENCHMARK_SERVER_HOST ?? '').trim();
  // An IPv6 literal may come in URL brackets: [::1].
  const host = /^\[[^\]]*\]$/.test(raw) ? raw.slice(1, -1) : raw || DEFAULT_HOST;
  const problem = hostProblem(host);
  if (problem !== undefined) {
    throw new UsageError(`BENCHMARK_SERVER_HOST must be a host name or IP address, got '${env.BENCHMARK_SERVER_HOST}': ${problem}.`);
  }
  const rawPort = (env.BENCHMARK_SERVER_PORT ?? '').trim();
  const port = rawPort === '' ? DEFAULT_PORT : integerInRange(rawPort, 'BENCHMARK_SERVER_PORT', 1, 65535);
  const hostInUrl = isIP(host) === 6 ? `[${host}]` : host;
  return { host, port, origin: `http://${hostInUrl}:${port}` };
}
