#!/usr/bin/env node
import { isIP } from 'node:net';
import { Command, InvalidArgumentError, Option } from 'commander';
import { buildServer } from './app.js';
import { DELAY_SYNTAX, DelaySyntaxError, describeDelay, isZeroDelay, parseDelay, type DelaySpec } from './delay.js';
import { describeError, fail, tcpPort, USAGE_EXIT_CODE, withUsageExitCodes } from '../common/cli-errors.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** Kernel caps this at net.core.somaxconn; large so a burst of thousands of connects is not dropped. */
const LISTEN_BACKLOG = 65_535;
/** Requests in flight get this long to finish after SIGTERM/SIGINT. */
const DRAIN_TIMEOUT_MS = 4_000;

function hostname(value: string): string {
  const host = value.trim();
  const isName = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(host);
  if (!isName && isIP(host) === 0) throw new InvalidArgumentError(`'${value}' is not an IP address or host name.`);
  return host;
}

function delay(value: string): DelaySpec {
  try {
    return parseDelay(value);
  } catch (error) {
    if (error instanceof DelaySyntaxError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

const program = withUsageExitCodes(new Command('benchmark-server'))
  .description('HTTP server for the threads-vs-async benchmark: GET /multiply?number=N answers {"result": 2N}.')
  .addOption(new Option('--host <host>', 'address to listen on').default('0.0.0.0').argParser(hostname))
  .addOption(new Option('--port <port>', 'TCP port (0 picks a free one)').default(8080).argParser(tcpPort('--port')))
  .addOption(new Option('--delay <spec>', `upstream delay before each /multiply answer: ${DELAY_SYNTAX}`).default(parseDelay('0'), '0').argParser(delay))
  .addOption(new Option('--log-level <level>', 'log level (there is never a per-request access log)').choices(LOG_LEVELS).default('warn'))
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText('after', '\nRoutes: GET /multiply?number=N, GET /health, GET /stats (requests answered, connections accepted).');

program.parse();
const options = program.opts<{ host: string; port: number; logLevel: string; delay: DelaySpec }>();
const { app } = buildServer({ logLevel: options.logLevel, delay: options.delay });

try {
  const address = await app.listen({ host: options.host, port: options.port, backlog: LISTEN_BACKLOG });
  // One line on stdout: scripts and tests read the port from it (useful with --port 0).
  process.stdout.write(`benchmark-server listening on ${address}\n`);
  if (!isZeroDelay(options.delay)) process.stderr.write(`benchmark-server: upstream delay ${describeDelay(options.delay)} per /multiply\n`);
} catch (error) {
  const code = (error as { code?: string }).code;
  const hostProblem = code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL' || code === 'EAI_AGAIN';
  fail(`cannot listen on ${options.host}:${options.port}: ${describeError(error)}`, hostProblem ? USAGE_EXIT_CODE : 1);
}

let closing = false;
function shutdown(signal: string): void {
  if (closing) return;
  closing = true;
  // Runs as PID 1 in a container: without this handler SIGTERM would be ignored.
  const force = setTimeout(() => {
    process.stderr.write(`benchmark-server: requests still open after ${DRAIN_TIMEOUT_MS} ms, closing them\n`);
    app.server.closeAllConnections();
    process.exit(0);
  }, DRAIN_TIMEOUT_MS);
  force.unref();
  // close() drops the connections idle at that moment; a keep-alive connection whose
  // request finishes later would otherwise hold the server open for keepAliveTimeout.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  sweep.unref();
  app.close().then(
    () => {
      process.stderr.write(`benchmark-server: ${signal} received, drained, exiting\n`);
      process.exit(0);
    },
    (error: unknown) => fail(`while closing: ${describeError(error)}`, 1),
  );
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
