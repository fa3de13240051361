// Bad input is a usage error (exit 2) with a one-line message naming the variable or flag and
// the limit, found before anything starts: no thread, no request, no stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLIENT_CLI, hasStackTrace, runCommand as run, runClient, startServer, target } from '../helper.ts';

async function assertUsageError(args: string[], env: NodeJS.ProcessEnv, message: RegExp): Promise<void> {
  const result = await runClient(args, env);
  assert.equal(result.code, 2, `${args.join(' ')} ${JSON.stringify(env)}: exit ${result.code}\n${result.stderr}`);
  assert.match(result.stderr, message);
  assert.equal(result.stderr.trim().split('\n').length <= 2, true, `a short message: ${result.stderr}`);
  assert.equal(hasStackTrace(result.stderr), false, result.stderr);
  assert.doesNotMatch(result.stderr, /requests to .* failed|could not run/, 'nothing started');
  assert.equal(result.stdout, '');
}

test('BENCHMARK_SERVER_HOST that is not a host name or an IP literal: exit 2 naming the variable, before any thread starts', async () => {
  const cases: [string, RegExp][] = [
    ['127.0.0.1:8080', /put the port in BENCHMARK_SERVER_PORT/],
    ['999.1.1.1', /not a valid IPv4 address/],
    ['1.2.3', /not a valid IPv4 address/],
    ['[', /not a host name/],
    ['[]', /not a host name/],
    ['fe80::1%eth0', /IPv6 zone ids/],
    ['[fe80::1%eth0]', /IPv6 zone ids/],
    ['http://x', /give the host alone, without a scheme/],
    ['a..b', /not a host name/],
    ['.example', /not a host name/],
    ['-leading.example', /not a host name/],
    ['host name', /not a host name/],
    ['user@host', /not a host name/],
    ['example.com/path', /not a host name/],
    ['::1::2', /not a valid IP address/],
    [`${'a'.repeat(64)}.example`, /not a host name/],
  ];
  for (const [host, why] of cases) {
    for (const strategy of ['async-for', 'threads-map']) {
      await assertUsageError([strategy, '-r', '2'], { BENCHMARK_SERVER_HOST: host }, new RegExp(`BENCHMARK_SERVER_HOST must be a host name or IP address, got '${host.replace(/[[\].*+?^${}()|\\]/g, '\\$&')}': ${why.source}`));
    }
  }
});

test('host names and IP literals are accepted: IPv4, IPv6 (bare or in brackets), names, a trailing dot', async () => {
  const server = await startServer();
  try {
    for (const host of ['127.0.0.1', 'localhost']) {
      const result = await runClient(['async-for', '-r', '2'], { BENCHMARK_SERVER_HOST: host, BENCHMARK_SERVER_PORT: String(server.port) });
      assert.equal(result.code, 0, `${host}: ${result.stderr}`);
    }
  } finally {
    await server.stop();
  }
  // Valid but unreachable here: a run failure (exit 1), not a usage error.
  for (const host of ['::1', '[::1]', 'no-such-host.invalid', 'localhost.', 'bench_server']) {
    const result = await runClient(['async-for', '-r', '1', '--timeout', '2000'], { BENCHMARK_SERVER_HOST: host, BENCHMARK_SERVER_PORT: '1' });
    assert.equal(result.code, 1, `${host}: ${result.stderr}`);
    assert.match(result.stderr, /1 of 1 requests to http:\/\/\S+:1\/multiply failed/);
  }
});

test('-r beyond what the heap can hold: exit 2 stating the limit, not "Invalid array length"', async () => {
  await assertUsageError(['async-for', '-r', '100000000'], {}, /REQUESTS 100000000 is more than this client can hold: .* at most [\d,]+ requests fit/);
  await assertUsageError(['threads-reuse', '-r', '100000000', '-c', '2'], {}, /REQUESTS 100000000 is more than this client can hold/);
  // Beyond the fixed bound, the range is the message.
  await assertUsageError(['async-for', '-r', '4294967296'], {}, /REQUESTS must be an integer from 1 to 100000000, got '4294967296'/);
});

test('-r beyond a capped heap: exit 2, not a V8 abort (exit 134)', async () => {
  for (const strategy of ['async-for', 'async-limit']) {
    const result = await run(process.execPath, ['--max-old-space-size=64', CLIENT_CLI, strategy, '-r', '50000000', '-c', '10']);
    assert.equal(result.code, 2, result.stderr.slice(0, 500));
    assert.match(result.stderr, /REQUESTS 50000000 is more than this client can hold: .*its V8 heap allows \d+ MiB; at most [\d,]+ requests fit \(or raise the heap/);
  }
});

test('--connections beyond what a client can hold, or -c/--connections beyond the open-file limit: exit 2 with the limit', async () => {
  await assertUsageError(['async-for', '--connections', '70000'], {}, /--connections must be an integer from 1 to 65535, got '70000'/);
  // A low open-file limit: 3000 connections cannot be held, whichever flag asks for them.
  const lowLimit = async (args: string[]) =>
    run('bash', ['-c', `ulimit -n 1024 && exec "$0" "$@"`, process.execPath, CLIENT_CLI, ...args], target(1));
  for (const [args, flag] of [
    [['async-for', '-r', '5000', '--connections', '3000'], '--connections'],
    [['async-limit', '-r', '5000', '-c', '3000'], '-c'],
  ] as const) {
    const result = await lowLimit([...args]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`${flag} asks \\S+ to hold 3000 connections, more than this process may open: at most \\d+ \\(open-file limit 1024`));
  }
  // Fewer requests than the cap: only N connections are ever held, so the cap is no problem.
  const few = await lowLimit(['async-for', '-r', '2', '--connections', '3000', '--timeout', '2000']);
  assert.equal(few.code, 1, 'runs (and fails on the missing server), no usage error');
});

test('a thread strategy beyond the open-file limit: refused by the thread budget with advice (exit 1)', async () => {
  const result = await run('bash', ['-c', `ulimit -n 256 && exec "$0" "$@"`, process.execPath, CLIENT_CLI, 'threads-map', '-r', '100'], target(1));
  assert.equal(result.code, 1);
  assert.match(result.stderr, /needs about [\d,]+ open files .* above this process's limit of 256\. .*Raise the open-file limit/);
});

test('BENCHMARK_WORKER_OPTIONS (bench only) and the thread budget overrides: bad values are usage errors', async () => {
  await assertUsageError(['threads-reuse', '-r', '2'], { BENCHMARK_WORKER_OPTIONS: 'fastest' }, /BENCHMARK_WORKER_OPTIONS must be one of node-defaults, .*lean.*, got 'fastest'/);
  await assertUsageError(['check', 'threads-map'], { BENCHMARK_THREAD_MIB: '-3' }, /BENCHMARK_THREAD_MIB must be a positive number, got '-3'/);
  await assertUsageError(['check', 'threads-map'], { BENCHMARK_MEMORY_LIMIT_MIB: 'lots' }, /BENCHMARK_MEMORY_LIMIT_MIB must be a positive number, got 'lots'/);
});

test('every numeric flag is bounded before anything starts: exit 2 stating the range', async () => {
  const cases: [string[], RegExp][] = [
    [['async-for', '--timeout', '2147483648'], /--timeout must be an integer from 1 to 2147483647, got '2147483648'/],
    [['async-for', '--timeout', '99999999999'], /--timeout must be an integer from 1 to 2147483647/],
    [['async-for', '--timeout', '0'], /--timeout must be an integer from 1 to 2147483647/],
    [['async-for', '-r', '100000001'], /REQUESTS must be an integer from 1 to 100000000, got '100000001'/],
    [['threads-recreate', '-r', '9007199254740991', '-c', '1'], /REQUESTS must be an integer from 1 to 100000000/],
    [['async-for', '-c', '100000001'], /CHUNK must be an integer from 1 to 100000000/],
    [['threads-async', '--workers', '0'], /--workers must be an integer from 1 to 1024, got '0'/],
    [['threads-async', '--workers', '1025'], /--workers must be an integer from 1 to 1024/],
    [['async-for', '--warm-requests', '100001'], /--warm-requests must be an integer from 0 to 100000/],
    [['async-for', '--warm-requests', '-1'], /--warm-requests must be an integer from 0 to 100000/],
    [['check', 'threads-recreate', '-r', '9007199254740991', '-c', '1'], /REQUESTS must be an integer from 1 to 100000000/],
    [['check', 'threads-async', '--workers', '2000'], /--workers must be an integer from 1 to 1024/],
  ];
  for (const [args, message] of cases) await assertUsageError(args, {}, message);
});

test('the largest --timeout is one a timer can hold: the run works (no overflow to 1 ms, no warning)', async () => {
  const server = await startServer();
  try {
    const result = await runClient(['async-for', '-r', '3', '--timeout', '2147483647'], target(server.port));
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /TimeoutOverflowWarning|timed out/);
  } finally {
    await server.stop();
  }
});

test('checking a huge threads-recreate allocates nothing per pool: a clear answer under a 64 MiB heap, no stack overflow', async () => {
  for (const requests of ['200000', '30000000', '100000000']) {
    const result = await run(process.execPath, ['--max-old-space-size=64', CLIENT_CLI, 'check', 'threads-recreate', '-r', requests, '-c', '1']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'threads-recreate: fits (1 worker threads at once)\n');
    assert.equal(hasStackTrace(result.stderr), false);
  }
  // Running it is refused up front by the heap check, before anything is allocated for the run.
  const refused = await run(process.execPath, ['--max-old-space-size=64', CLIENT_CLI, 'threads-recreate', '-r', '30000000', '-c', '1']);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /REQUESTS 30000000 is more than this client can hold/);
});
