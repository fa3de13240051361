import { isIP } from 'node:net';
import { parseIntegerInRange, UsageError } from './cli-errors.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;

export interface Target {
  host: string;
  port: number;
  /** http://host:port, IPv6 hosts in brackets. */
  origin: string;
}

/** The server to measure against, from BENCHMARK_SERVER_HOST / BENCHMARK_SERVER_PORT, as the original. */
export function targetFromEnvironment(env: NodeJS.ProcessEnv = process.env): Target {
  const host = (env.BENCHMARK_SERVER_HOST ?? '').trim() || DEFAULT_HOST;
  if (/[\s/?#@]/.test(host) || host.includes('://')) {
    throw new UsageError(`BENCHMARK_SERVER_HOST must be a host name or IP address, got '${env.BENCHMARK_SERVER_HOST}'.`);
  }
  const rawPort = (env.BENCHMARK_SERVER_PORT ?? '').trim();
  let port = DEFAULT_PORT;
  if (rawPort !== '') {
    try {
      port = parseIntegerInRange(rawPort, 'BENCHMARK_SERVER_PORT', 1, 65535);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const hostInUrl = isIP(host) === 6 ? `[${host}]` : host;
  return { host, port, origin: `http://${hostInUrl}:${port}` };
}
