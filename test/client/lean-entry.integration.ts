// A plain strategy run takes the lean way in (dist/client/run-entry.js): no commander, no
// report, sweep or suite commands loaded. It must behave exactly as the full command line
// (dist/client/main.js, commander), which handles everything else: the same outcome, and for
// anything but a plain run the very same output and exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_CLI, ROOT, runNode, serverForTests, target } from '../helper.ts';

const server = serverForTests();
const MAIN = join(ROOT, 'dist/client/main.js');

type PlainRun = typeof import('../../src/client/plain-run.ts');
const { parsePlainRun } = (await import(join(ROOT, 'dist/client/plain-run.js'))) as PlainRun;

/** The modules a bundle file imports statically, followed through the chunks. */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(ROOT, 'dist/client', file), 'utf8');
    for (const match of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"\.\/([^"]+)";?$|^import\s+"\.\/([^"]+)";?$/gms)) visit((match[1] ?? match[2]) as string);
  };
  visit(entry);
  return seen;
}
const loadsCommander = (files: Set<string>): boolean =>
  [...files].some((file) => readFileSync(join(ROOT, 'dist/client', file), 'utf8').includes('commander.invalidArgument'));

test('the lean entry loads no commander; the full command line does', () => {
  assert.equal(loadsCommander(staticGraph('run-entry.js')), false, [...staticGraph('run-entry.js')].join(', '));
  assert.equal(loadsCommander(staticGraph('main.js')), true);
});

test('what the lean parser takes: a known strategy and known, valid flags, in any spelling commander accepts', () => {
  const plain = parsePlainRun(['run', 'async_for', '-r', '7', '--chunk=3', '-c4', '--connections', '9', '--warm', '--json', '--work-ms', '0.5', '--workers=2']);
  assert.deepEqual(plain, {
    testName: 'async_for',
    flags: { requests: 7, chunk: 4, connections: 9, workers: 2, timeout: 30_000, warm: true, warmRequests: plain?.flags.warmRequests, workMs: 0.5, json: true },
  });
  assert.equal(typeof plain?.flags.warmRequests, 'number');
  assert.deepEqual(parsePlainRun(['threads-reuse'])?.flags.requests, 100);
  // Everything else is left to commander.
  for (const args of [
    [],
    ['list'],
    ['check', 'threads-map'],
    ['--help'],
    ['-V'],
    ['nosuch'],
    ['async-for', '--help'],
    ['async-for', '-h'],
    ['async-for', '--bogus'],
    ['async-for', '-r'],
    ['async-for', '-r', 'abc'],
    ['async-for', '-r', '0'],
    ['async-for', '--warm=yes'],
    ['async-for', 'extra'],
    ['async-for', '--', '-r', '5'],
    ['-r', '5', 'async-for'],
  ]) {
    assert.equal(parsePlainRun(args), undefined, args.join(' '));
  }
});

/** The outcome's fields that do not depend on timing. */
function stable(stdout: string): unknown {
  const outcome = JSON.parse(stdout) as Record<string, unknown>;
  const { test: name, requests, chunk, succeeded, failed, threads, pools, connections, warm, warmRequests, warmRequestsPerThread, workMs, workUnits } = outcome;
  return { name, requests, chunk, succeeded, failed, threads, pools, connections, warm, warmRequests, warmRequestsPerThread, workMs, workUnits };
}

test('a plain run: the lean entry and the full command line give the same outcome and exit code', async () => {
  for (const args of [
    ['async-for', '-r', '5', '--json'],
    ['run', 'threads_reuse', '-r', '6', '-c', '3', '--json'],
    ['threads-async', '-r', '8', '-c', '4', '--workers', '2', '--warm', '--warm-requests', '2', '--json'],
    ['async-limit', '-r', '5', '-c', '2', '--work-ms', '0.1', '--work-units-per-ms', '100', '--json'],
  ]) {
    const lean = await runNode([CLIENT_CLI, ...args], target(server.port));
    const full = await runNode([MAIN, ...args], target(server.port));
    assert.equal(lean.code, 0, lean.stderr);
    assert.equal(full.code, 0, full.stderr);
    assert.deepEqual(stable(lean.stdout), stable(full.stdout), args.join(' '));
  }
});

test('anything else: byte for byte the same output and exit code as the full command line', async () => {
  for (const args of [
    ['async-for', '--help'],
    ['--help'],
    ['--version'],
    ['list'],
    ['nosuch'],
    ['async-for', '--bogus'],
    ['async-for', '-r'],
    ['async-for', '-r', 'abc'],
    ['async-for', '--timeout', '2147483648'],
    ['async-for', 'extra'],
    ['async-for', '--work-units-per-ms', '100'],
    ['check', 'threads-async', '-r', '10', '-c', '4', '--workers', '2'],
  ]) {
    const lean = await runNode([CLIENT_CLI, ...args], target(server.port));
    const full = await runNode([MAIN, ...args], target(server.port));
    assert.deepEqual({ code: lean.code, stdout: lean.stdout, stderr: lean.stderr }, { code: full.code, stdout: full.stdout, stderr: full.stderr }, args.join(' '));
  }
});

test('a plain run whose value commander would refuse gets commander\'s message: the lean path never half-accepts', async () => {
  const lean = await runNode([CLIENT_CLI, 'async-for', '-r', '5', '--connections', '70000'], target(server.port));
  assert.equal(lean.code, 2);
  assert.match(lean.stderr, /^error: option '--connections <n>' argument '70000' is invalid\. --connections must be an integer from 1 to 65535, got '70000'\.\n\(run with --help for usage\)\n$/);
});
