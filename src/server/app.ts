import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { decimalIntegerKeyword } from './decimal-integer.js';
import { delayWaiter, isZeroDelay, type DelaySpec } from './delay.js';

/** |N| up to this keeps 2N a safe integer, so the answer is exact in JSON. */
export const MAX_ABS_NUMBER = Math.floor(Number.MAX_SAFE_INTEGER / 2);

export interface ServerOptions {
  logLevel: string;
  /** Upstream delay before each /multiply answer (`--delay`); absent or zero: none. */
  delay?: DelaySpec;
}

export interface ServerStats {
  /** /multiply requests answered with 200. */
  requests: number;
  /** TCP connections accepted since start. */
  connections: number;
}

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

/**
 * The original's API (`GET /multiply?number=N` -> `{"result": 2N}`) plus /health and
 * /stats. Tuned so it is never the bottleneck: no per-request logging, keep-alive far
 * longer than any client's idle timeout, response serialised from a schema.
 */
export function buildServer(options: ServerOptions): { app: FastifyInstance; stats: ServerStats } {
  const app = Fastify({
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
    logController: new LogController({ disableRequestLogging: true }),
    // No per-request child logger (pino's child() on every request cost ~8% of throughput
    // here): nothing is logged per request anyway, errors still are, at --log-level.
    childLoggerFactory: (logger) => logger,
    // Longer than undici's (4 s) and aiohttp's (15 s) idle keep-alive, so the client closes first.
    keepAliveTimeout: 75_000,
    connectionTimeout: 0,
    // Idle keep-alive sockets are closed on close(); requests in flight finish.
    forceCloseConnections: 'idle',
    ajv: { customOptions: { keywords: [decimalIntegerKeyword] } },
  });
  const stats: ServerStats = { requests: 0, connections: 0 };
  app.server.on('connection', () => {
    stats.connections += 1;
  });

  // Without a delay the handler is the plain one: the default path does no extra work per request.
  const wait = options.delay && !isZeroDelay(options.delay) ? delayWaiter(options.delay) : undefined;
  if (wait === undefined) {
    app.get<{ Querystring: { number: number } }>('/multiply', { schema: multiplySchema }, async (request) => {
      stats.requests += 1;
      return { result: request.query.number * 2 };
    });
  } else {
    app.get<{ Querystring: { number: number } }>('/multiply', { schema: multiplySchema }, async (request) => {
      await wait();
      stats.requests += 1;
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
