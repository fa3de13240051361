// The container scripts reject bad input with a message and exit 2 before touching Docker, and
// name what they accept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sh } from './docker.ts';

test('scripts/build-base-images.sh: a bad major version or option is a usage error, without a stack trace', () => {
  for (const args of [['abc'], ['24', '--bogus'], ['0']]) {
    const result = sh('bash', ['scripts/build-base-images.sh', ...args]);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /error: (MAJOR must be a Node major version|unknown option '--bogus')/);
  }
});

test('scripts/build-base-images.sh --help describes its arguments', () => {
  const result = sh('bash', ['scripts/build-base-images.sh', '--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^Usage: scripts\/build-base-images\.sh .*MAJOR/m);
});

/** The pinned runtimes' names, as runtimes/package.json has them. */
const RUNTIME_NAMES = Object.keys((JSON.parse(readFileSync(new URL('../../runtimes/package.json', import.meta.url), 'utf8')) as { binaries: Record<string, string> }).binaries);

test('scripts/compose-matrix.sh: a runtime it does not know, one named twice, or a bad option is a usage error before Docker', () => {
  for (const [args, message] of [
    [['node27'], /^compose-matrix: error: RUNTIME must be one of node22 node24 node26 bun deno, got 'node27'$/m],
    [['bun', 'BUN'], /RUNTIME must be one of .*, got 'BUN'/],
    [['deno', '--bogus'], /unknown option '--bogus'/],
    [['bun', 'bun'], /bun is named twice/],
    [['22', 'node22'], /node22 is named twice/],
  ] as const) {
    const result = sh('bash', ['scripts/compose-matrix.sh', ...args], { PATH: '/nonexistent:/usr/bin:/bin' });
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  }
});

test('scripts/compose-matrix.sh --help lists every pinned runtime, bun and deno among them; its default is all of them', () => {
  const result = sh('bash', ['scripts/compose-matrix.sh', '--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^Usage: scripts\/compose-matrix\.sh \[--host-network\] \[RUNTIME\.\.\.\]$/m);
  assert.deepEqual(RUNTIME_NAMES.sort(), ['bun', 'deno', 'node22', 'node24', 'node26']);
  for (const name of RUNTIME_NAMES) assert.match(result.stdout, new RegExp(`^ +(\\S+ )*${name}\\b`, 'm'), name);
  // The script's own list is runtimes/package.json's.
  const list = /^RUNTIMES=\(([^)]*)\)$/m.exec(readFileSync(new URL('../../scripts/compose-matrix.sh', import.meta.url), 'utf8'))?.[1];
  assert.deepEqual(list?.split(' ').sort(), RUNTIME_NAMES.sort());
});

test('the client entrypoint documents every setting it reads', () => {
  const text = sh('bash', ['-c', 'grep -o "BENCHMARK_[A-Z_]\\+\\|HOST_[UG]ID" docker/run-suite.sh | sort -u']).stdout.trim().split('\n');
  const help = sh('bash', ['-c', "sed -n '/^Settings/,/^USAGE/p' docker/run-suite.sh"]).stdout;
  for (const name of text) {
    if (name === 'BENCHMARK_RESULTS_DIR') continue; // internal: the image's mount point
    assert.match(help, new RegExp(`\\b${name}\\b`), name);
  }
});

test('the original profile\'s client entrypoint documents every setting it reads, and refuses a missing checkout (exit 2)', () => {
  const read = sh('bash', ['-c', 'grep -o "BENCHMARK_ORIGINAL_[A-Z_]*" docker/run-original.sh | sort -u']).stdout.trim().split('\n');
  const help = sh('bash', ['docker/run-original.sh', '--help']);
  assert.equal(help.code, 0, help.stderr);
  for (const name of read) assert.match(help.stdout, new RegExp(`\\b${name}\\b`), name);
  // As compose passes it when the user did not set it: empty.
  const unset = sh('bash', ['docker/run-original.sh'], { BENCHMARK_ORIGINAL_DIR: '' });
  assert.equal(unset.code, 2, unset.stderr);
  assert.match(unset.stderr, /^run-original: error: BENCHMARK_ORIGINAL_DIR is not set: point it at a checkout of the Python original/);
});

test('Dockerfile.server and Dockerfile.client share an identical build stage (built once, cached for both)', () => {
  const stage = (file: string) => {
    const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
    const start = text.indexOf(' AS build');
    assert.ok(start > 0, `${file} has a build stage`);
    return text.slice(start, text.indexOf('\nFROM ', start));
  };
  assert.equal(stage('Dockerfile.client'), stage('Dockerfile.server'));
});
