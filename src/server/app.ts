import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import { WARMUP_HEADER } from '../common/warmup-header.js';
import { decimalIntegerKeyword } from './decimal-integer.js';
import { delayWaiter, isZeroDelay, type DelaySpec } from './delay.js';

/** |N| up to this keeps 2N a safe integer, so the answer is exact in JSON. */
export const MAX_ABS_NUMBER = Math.floor(Number.MAX_SAFE_INTEGER / 2);

export interface ServerOptions {
  logLevel: string;
  /** Upstream delay before each /multiply answer (`--delay`); absent or zero: none. */
  delay?: DelaySpec;
  /** Time for a request (headers and body) to arrive in full (`--request-timeout`); default REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
}

/**
 * A request must arrive in full within this long (from the accept for a connection's first request,
 * from its first byte for later ones), else 408 and the connection closes. An honest bodiless GET
 * arrives within one RTT of the accept even behind the proxy's largest (60 s). --delay is not counted.
 */
export const REQUEST_TIMEOUT_MS = 120_000;
/** Longer than undici's (4 s) and aiohttp's (15 s) idle keep-alive, so the client closes first. */
export const KEEP_ALIVE_TIMEOUT_MS = 75_000;

const multiplySchema = {
  querystring: {
    type: 'object',
    required: ['number'],
    properties: {
      // No `type`: Ajv would coerce through Number() (1e3, 0x10, 1e400...); decimalInteger parses instead.
      number: { decimalInteger: { minimum: -MAX_ABS_NUMBER, maximum: MAX_ABS_NUMBER } },
    },
  },
  response: {
    200: { type: 'object', properties: { result: { type: 'integer' } }, required: ['result'] },
  },
} as const;

/** The original's API (`GET /multiply?number=N` -> `{"result": 2N}`), /health and /stats, never the bottleneck: no per-request logging, long keep-alive, a response schema. */
export function buildServer(options: ServerOptions) {
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const app: FastifyInstance = Fastify({
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
    logController: new LogController({ disableRequestLogging: true }),
    // No per-request child logger (pino's child() cost ~8% of throughput here); errors are still logged.
    childLoggerFactory: (logger) => logger,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout,
    http: {
      // Slow headers get the same allowance as the whole request (Node wants headers <= request).
      headersTimeout: requestTimeout,
      requestTimeout,
      // Node checks for expired requests every 30 s; a tenth of the timeout keeps the cut-off within 10% (it walks only connections mid-request).
      connectionsCheckingInterval: Math.min(30_000, Math.max(25, Math.round(requestTimeout / 10))),
    },
    // No socket inactivity timeout: a request waiting out a long --delay is silent, and honest.
    connectionTimeout: 0,
    // Idle keep-alive sockets are closed on close(); requests in flight finish.
    forceCloseConnections: 'idle',
    ajv: { customOptions: { keywords: [decimalIntegerKeyword] } },
  });
  // /multiply answered with 200: `requests` without WARMUP_HEADER, `warmupRequests` with it (a client's --warm); TCP connections accepted.
  const stats = { requests: 0, warmupRequests: 0, connections: 0 };
  // Warm-ups are answered alike and counted apart, so `requests` is exactly a run's N.
  const count = (request: FastifyRequest): void => {
    if (request.headers[WARMUP_HEADER] === undefined) stats.requests += 1;
    else stats.warmupRequests += 1;
  };
  app.server.on('connection', () => {
    stats.connections += 1;
  });

  // Without a delay the handler is the plain one: the default path does no extra work per request.
  const wait = options.delay && !isZeroDelay(options.delay) ? delayWaiter(options.delay) : undefined;
  if (wait === undefined) {
    app.get<{ Querystring: { number: number } }>('/multiply', { schema: multiplySchema }, async (request) => {
      count(request);
      return { result: request.query.number * 2 };
    });
  } else {
    app.get<{ Querystring: { number: number } }>('/multiply', { schema: multiplySchema }, async (request) => {
      await wait();
      count(request);
      return { result: request.query.number * 2 };
    });
  }
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/stats', async () => ({ ...stats, uptimeSeconds: process.uptime() }));
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `Route ${request.method} ${request.url} not found` });
  });
  return { app, stats };
}
