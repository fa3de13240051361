#!/usr/bin/env node
import { isIP } from 'node:net';
import { Command, InvalidArgumentError, Option } from 'commander';
import { buildServer, KEEP_ALIVE_TIMEOUT_MS, MAX_ABS_NUMBER, REQUEST_TIMEOUT_MS } from './app.js';
import { DELAY_SYNTAX, DelaySyntaxError, describeDelay, isZeroDelay, parseDelay, type DelaySpec } from './delay.js';
import { describeError, fail, parseIntegerInRange, tcpPort, USAGE_EXIT_CODE, withUsageExitCodes } from '../common/cli-errors.js';
import { packageVersion } from '../common/version.js';

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
  .version(packageVersion(), '-V, --version', 'print the version and exit')
  .description('HTTP server for the threads-vs-async benchmark: GET /multiply?number=N answers {"result": 2N}.')
  .addOption(new Option('--host <host>', 'address to listen on').default('0.0.0.0').argParser(hostname))
  .addOption(new Option('--port <port>', 'TCP port (0 picks a free one)').default(8080).argParser(tcpPort('--port')))
  .addOption(new Option('--delay <spec>', `upstream delay before each /multiply answer: ${DELAY_SYNTAX}`).default(parseDelay('0'), '0').argParser(delay))
  .addOption(
    new Option('--request-timeout <ms>', 'a request (headers and body) must arrive in full within this long, else 408 and the connection closes')
      .default(REQUEST_TIMEOUT_MS)
      .argParser((value) => parseIntegerInRange(value, '--request-timeout', 100, 3_600_000)),
  )
  .addOption(new Option('--log-level <level>', 'log level (there is never a per-request access log)').choices(LOG_LEVELS).default('warn'))
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText(
    'after',
    `
Routes: GET /multiply?number=N, GET /health, GET /stats (requests answered, connections accepted).
N is a plain decimal integer (digits, an optional leading '-'; -0 reads as 0) with
|N| <= ${MAX_ABS_NUMBER}; any other spelling (1e3, +5, 05, 0x10, 1.0, Infinity...) is a 400
with a JSON message naming the rule.

Timeouts: a request must arrive in full within --request-timeout (${REQUEST_TIMEOUT_MS / 1000} s by default; counted from
the accept for a connection's first request, from its first byte for later ones), slow headers
included; the server's own handling time (--delay) does not count. Idle keep-alive connections
close after ${KEEP_ALIVE_TIMEOUT_MS / 1000} s, longer than undici's and aiohttp's idle timeouts, so clients close first.`,
  );

program.parse();
const options = program.opts<{ host: string; port: number; logLevel: string; delay: DelaySpec; requestTimeout: number }>();
const { app } = buildServer({ logLevel: options.logLevel, delay: options.delay, requestTimeoutMs: options.requestTimeout });

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
  // close() drops only the connections idle at that moment; a later-idle keep-alive one would hold the server for keepAliveTimeout.
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
