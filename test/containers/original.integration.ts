// Compose's `original` profile, for real: with the stand-in checkout (no code of the original)
// as BENCHMARK_ORIGINAL_DIR, both clients run against our server and against the original's
// FastAPI server under Debian's uvicorn, with tiny sizes; without it the profile stops at once
// with a message; and without the profile the default services are as they were.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUITE_STRATEGIES } from '../../src/strategies/registry.ts';
import { RUN_ID, TINY, cleanup, composeCommand, dockerUnavailable, sh, type HyperfineExport } from './docker.ts';
import { standinClone } from '../suite/python.ts';

const BASE_IMAGE = 'node:24-bookworm-slim';
const PREFIX = `ntab-test-original-${RUN_ID}`;
const IMAGES = [`${PREFIX}-server:node24`, `${PREFIX}-original-server:bookworm`, `${PREFIX}-client-original:node24`];
const PROJECT = `ntaboriginal${RUN_ID.replace(/[^a-z0-9]/g, '')}`;
const HOST_UID = process.getuid?.() === 0 ? 4321 : (process.getuid?.() ?? 1000);
const HOST_GID = process.getgid?.() === 0 ? 4321 : (process.getgid?.() ?? 1000);
/** Ours and the original's, interleaved, as the suite runs them; ours alone where the original has no such strategy. */
const PAIRED = SUITE_STRATEGIES.flatMap((s) => (s.original ? [s.name, `original-${s.name}`] : [s.name]));

const compose = composeCommand();
const composeMissing = sh(compose[0]!, [...compose.slice(1), 'version']).code === 0 ? false : `${compose.join(' ')} is not installed`;

/** compose with the project's file and `args`, in an environment where only `env` sets the benchmark's variables. */
function composeRun(args: string[], env: NodeJS.ProcessEnv) {
  const clean: NodeJS.ProcessEnv = {};
  for (const name of Object.keys(process.env)) if (name.startsWith('BENCHMARK_') || name === 'HOST_UID' || name === 'HOST_GID') clean[name] = undefined;
  return sh(compose[0]!, [...compose.slice(1), ...args], { ...clean, ...env });
}

/** Service name -> its resolved config text, from `config` (v1 lists every service, v2 only the active ones). */
function services(config: string): Map<string, string> {
  const block = config.slice(config.indexOf('\nservices:\n') + '\nservices:\n'.length);
  const result = new Map<string, string>();
  let current: string | undefined;
  for (const line of block.split('\n')) {
    if (/^\S/.test(line)) break;
    const name = /^ {2}([\w-]+):$/.exec(line)?.[1];
    if (name) result.set((current = name), '');
    else if (current) result.set(current, `${result.get(current)}${line}\n`);
  }
  return result;
}

describe('compose profile original: the default services without it', { skip: composeMissing }, () => {
  test('config resolves without BENCHMARK_ORIGINAL_DIR; server and client alone have no profile, and nothing of the profile changes them', () => {
    const plain = composeRun(['config'], {});
    assert.equal(plain.code, 0, plain.stderr);
    const all = services(plain.stdout);
    const defaults = [...all].filter(([, text]) => !/^ {4}profiles:/m.test(text)).map(([name]) => name);
    assert.deepEqual(defaults.sort(), ['client', 'server']);
    for (const [name, text] of all) {
      if (defaults.includes(name)) assert.doesNotMatch(text, /BENCHMARK_ORIGINAL|EXTRA_PACKAGES|python|:\/original|run-original/, name);
      else assert.match(text, /^ {4}profiles:\n {4}- original$/m, name);
    }
    // The default services' config hashes (what compose compares to recreate a container) are the
    // same whatever the profile's variable or the profile itself.
    const hashes = (args: string[], env: NodeJS.ProcessEnv) => {
      const ran = composeRun([...args, 'config', '--hash=server,client'], env);
      assert.equal(ran.code, 0, ran.stderr);
      return ran.stdout.trim();
    };
    const reference = hashes([], {});
    assert.match(reference, /^server [0-9a-f]{64}\nclient [0-9a-f]{64}$/);
    assert.equal(hashes([], { BENCHMARK_ORIGINAL_DIR: '/somewhere/else' }), reference);
    assert.equal(hashes(['--profile', 'original'], { BENCHMARK_ORIGINAL_DIR: '/somewhere/else' }), reference);
  });
});

const unavailable = composeMissing || dockerUnavailable(BASE_IMAGE);
const required = process.env.BENCHMARK_REQUIRE_DOCKER === '1';

if (unavailable) {
  test('compose profile original', { skip: required ? false : unavailable }, () => {
    assert.fail(`BENCHMARK_REQUIRE_DOCKER=1 but the container tests cannot run: ${unavailable}`);
  });
} else describe('compose profile original', () => {
  const temporary: string[] = [];
  const env = (overrides: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
    ...TINY,
    BENCHMARK_IMAGE_PREFIX: PREFIX,
    HOST_UID: String(HOST_UID),
    HOST_GID: String(HOST_GID),
    BENCHMARK_RUNTIME: 'node24',
    BENCHMARK_SERVER_NODE_VERSION: '24',
    ...overrides,
  });
  const up = ['-p', PROJECT, '--profile', 'original', 'up', '--abort-on-container-exit', '--exit-code-from', 'original-client'];
  const down = () => composeRun(['-p', PROJECT, '--profile', 'original', 'down', '--remove-orphans'], env({}));

  after(() => {
    down();
    cleanup(IMAGES);
    for (const path of temporary) rmSync(path, { recursive: true, force: true });
  });

  test('with BENCHMARK_ORIGINAL_DIR: both clients against our server, then against the original\'s (uvicorn), every strategy succeeded, each run recorded', { timeout: 900_000 }, () => {
    const clone = standinClone();
    const results = mkdtempSync(join(tmpdir(), 'ntab-results-'));
    temporary.push(clone.dir, results);
    // The user's own folder: compose runs the client as HOST_UID.
    if (process.getuid?.() === 0) chownSync(results, HOST_UID, HOST_GID);
    chmodSync(results, 0o755);
    const ran = composeRun([...up, '--build', 'original-client'], env({ BENCHMARK_RESULTS_DIR: results, BENCHMARK_ORIGINAL_DIR: clone.dir }));
    const logs = `${ran.stdout}\n${ran.stderr}`;
    try {
      assert.equal(ran.code, 0, logs);
    } finally {
      down();
    }
    assert.deepEqual(readdirSync(results).filter((name) => name.endsWith('.json')).sort(), ['original-server.json', 'original-server.meta.json', 'ours-server.json', 'ours-server.meta.json']);
    for (const side of ['ours-server', 'original-server']) {
      const exported = JSON.parse(readFileSync(join(results, `${side}.json`), 'utf8')) as HyperfineExport;
      assert.deepEqual(exported.results.map((r) => r.command), PAIRED, side);
      for (const result of exported.results) assert.deepEqual(result.exit_codes.filter((code) => code !== 0), [], `${side} ${result.command}`);
      for (const name of readdirSync(results).filter((file) => file.startsWith(`${side}.`))) {
        assert.equal(statSync(join(results, name)).uid, HOST_UID, name);
      }
    }
    type Meta = { server: { name: string; host: string }; original: { dir: string; gitCommit: string | null; verifiedBy: string | null; unverified?: string; packages: Record<string, string | null> } };
    const meta = (side: string) => JSON.parse(readFileSync(join(results, `${side}.meta.json`), 'utf8')) as Meta;
    const ours = meta('ours-server');
    assert.deepEqual([ours.server.host, ours.server.name], ['server', "benchmark-server, this project's (its container)"]);
    assert.equal(ours.original.verifiedBy, 'server /stats');
    // The client image has no git: the commit is read from the mounted checkout's .git.
    assert.deepEqual([ours.original.dir, ours.original.gitCommit], ['/original', clone.commit]);
    assert.match(String(ours.original.packages.aiohttp), /^\d+\./);
    const theirs = meta('original-server');
    assert.deepEqual([theirs.server.host, theirs.server.name], ['original-server', "the original's server.py, FastAPI on uvicorn (its container)"]);
    assert.equal(theirs.original.verifiedBy, null);
    assert.match(String(theirs.original.unverified), /has no \/stats/);
    assert.match(readFileSync(join(results, 'original-server.report.md'), 'utf8'), /## Ours and the Python original, side by side/);
    assert.match(logs, /run-original: both clients against ours-server \(server:8080\)/);
    assert.match(logs, /run-suite: waiting up to 60s for http:\/\/original-server:8080\/multiply\?number=1/);
    // The checkout was only read.
    assert.equal(existsSync(join(clone.dir, '__pycache__')), false);
    assert.equal(spawnSync('git', ['-C', clone.dir, 'status', '--porcelain'], { encoding: 'utf8' }).stdout, '');
  });

  test('without BENCHMARK_ORIGINAL_DIR the profile stops at once with a message (exit 2), never an empty run', { timeout: 300_000 }, () => {
    const results = mkdtempSync(join(tmpdir(), 'ntab-results-'));
    temporary.push(results);
    // Images from the test before (built now if it did not run).
    const ran = composeRun([...up, 'original-client'], env({ BENCHMARK_RESULTS_DIR: results }));
    down();
    const logs = `${ran.stdout}\n${ran.stderr}`;
    assert.equal(ran.code, 2, logs);
    assert.match(logs, /run-original: error: BENCHMARK_ORIGINAL_DIR is not set: point it at a checkout of the Python original/);
    assert.doesNotMatch(logs, /suite: /, 'no suite started');
    assert.deepEqual(readdirSync(results), []);
  });
});
