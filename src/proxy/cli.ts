#!/usr/bin/env node
import { isIP } from 'node:net';
import { Command, InvalidArgumentError, Option } from 'commander';
import { describeError, fail, milliseconds, parseIntegerInRange, USAGE_EXIT_CODE, withUsageExitCodes } from '../common/cli-errors.js';
import { hostProblem } from '../common/target.js';
import { packageVersion } from '../common/version.js';
import { startLatencyProxy, type Endpoint } from './latency-proxy.js';
import { targetIsItself } from './self-target.js';

/** HOST:PORT, IPv6 in brackets ([::1]:8080). */
function endpoint(name: string, minPort: number): (value: string) => Endpoint {
  return (value) => {
    const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(value.trim());
    if (!match || match[1] === '') throw new InvalidArgumentError(`${name} must be HOST:PORT, got '${value}'.`);
    const host = match[1] as string;
    const problem = hostProblem(host);
    if (problem !== undefined) {
      throw new InvalidArgumentError(`${name} must be HOST:PORT with a host name or IP address, got '${value}': ${problem}.`);
    }
    return { host, port: parseIntegerInRange(match[2] as string, `${name} port`, minPort, 65535) };
  };
}

const program = withUsageExitCodes(new Command('latency-proxy'))
  .version(packageVersion(), '-V, --version', 'print the version and exit')
  .description('TCP forwarder that adds a round-trip time (half each way, connection set-up included): a link emulator for hosts without tc netem.')
  .addOption(new Option('--listen <host:port>', 'where to accept connections (port 0 picks a free one)').default({ host: '127.0.0.1', port: 0 }, '127.0.0.1:0').argParser(endpoint('--listen', 0)))
  .requiredOption('--target <host:port>', 'where to forward to (e.g. the benchmark server)', endpoint('--target', 1))
  .requiredOption('--rtt <ms>', 'round-trip time to add, in milliseconds (fractions allowed; timers have 1 ms resolution)', milliseconds('--rtt'))
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText('after', '\nPrints one line "latency-proxy listening on HOST:PORT ..." on stdout; SIGTERM/SIGINT stop it and print its counters on stderr.');

program.parse();
const options = program.opts<{ listen: Endpoint; target: Endpoint; rtt: number }>();

const proxy = await startLatencyProxy({ listen: options.listen, target: options.target, rttMs: options.rtt }).catch((error: unknown) =>
  fail(`cannot listen on ${options.listen.host}:${options.listen.port}: ${describeError(error)}`, 1),
);
const shown = isIP(options.listen.host) === 6 ? `[${options.listen.host}]` : options.listen.host;
// Checked once bound: --listen may name a host or port 0, and only now is the address known.
const bound = proxy.server.address();
if (typeof bound === 'object' && bound && (await targetIsItself(bound, options.target))) {
  await proxy.close();
  fail(
    `--target ${options.target.host}:${options.target.port} is this proxy's own address (listening on ${shown}:${proxy.port}): it would forward to itself until file descriptors run out.`,
    USAGE_EXIT_CODE,
  );
}

function stop(signal: string): void {
  const s = proxy.stats;
  process.stderr.write(
    `latency-proxy: ${signal}: ${s.connections} connections (${s.errors} with errors), ${s.bytesToTarget} bytes to target, ${s.bytesFromTarget} bytes back\n`,
  );
  void proxy.close().then(() => process.exit(0));
}
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
// Announced only now: a SIGTERM sent as soon as this line is read finds its handler in place.
process.stdout.write(`latency-proxy listening on ${shown}:${proxy.port} (to ${options.target.host}:${options.target.port}, rtt ${options.rtt} ms)\n`);
