// One Node-version check (scripts/check-node.cjs, the minimum from package.json's
// engines.node), used by run.sh, the suite, the sweep and netns-run.sh alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, ROOT, RUN_SH, runClient, runCommand } from '../helper.ts';

const CHECK = join(ROOT, 'scripts/check-node.cjs');
const { engines } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const minimum = /^>=\s*(\d+\.\d+\.\d+)$/.exec(engines.node)?.[1] as string;

/** An installed node older than the minimum (the machine's own Node 20 here), if there is one. */
function oldNode(): { binary: string; version: string } | undefined {
  for (const binary of ['/usr/bin/node', '/usr/local/bin/node']) {
    const ran = spawnSync(binary, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    const version = ran.stdout?.trim();
    if (ran.status !== 0 || !version) continue;
    const [a = 0, b = 0, c = 0] = version.split('.').map(Number);
    const [x = 0, y = 0, z = 0] = minimum.split('.').map(Number);
    if (a < x || (a === x && (b < y || (b === y && c < z)))) return { binary, version };
  }
  return undefined;
}
const old = oldNode();
const skipOld = old ? false : `no node older than ${minimum} installed`;

test('check-node: this node fits and says its versions; the minimum is package.json engines.node', () => {
  assert.match(engines.node, /^>=\d+\.\d+\.\d+$/);
  const ran = spawnSync(process.execPath, [CHECK], { encoding: 'utf8' });
  assert.equal(ran.status, 0, ran.stderr);
  assert.deepEqual(JSON.parse(ran.stdout), { kind: 'node', version: process.versions.node, node: process.versions.node, v8: process.versions.v8 });
  // The same script beside a package.json that asks for more: this node is then refused.
  const dir = mkdtempSync(join(tmpdir(), 'ntab-check-node-'));
  try {
    mkdirSync(join(dir, 'scripts'));
    copyFileSync(CHECK, join(dir, 'scripts', 'check-node.cjs'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ engines: { node: '>=999.0.0' } }));
    const refused = spawnSync(process.execPath, [join(dir, 'scripts', 'check-node.cjs')], { encoding: 'utf8' });
    assert.equal(refused.status, 1);
    assert.equal(refused.stdout, '');
    assert.equal(refused.stderr, `Node ${process.versions.node} is too old: this project needs Node 999.0.0 or newer (engines.node in package.json)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an old node is refused with the reason and exit 2: run.sh, suite, sweep, netns-run.sh', { skip: skipOld }, async () => {
  const { binary, version } = old as { binary: string; version: string };
  const reason = `'${binary}': Node ${version} is too old: this project needs Node ${minimum} or newer (engines.node in package.json)`;
  const direct = spawnSync(binary, [CHECK], { encoding: 'utf8' });
  assert.equal(direct.status, 1, 'the check itself runs on the old node');
  const runs = [
    ['run.sh', await runCommand('bash', [RUN_SH, binary, '-q', '5'])],
    ['suite', await runClient(['suite', '--node', binary])],
    ['sweep', await runClient(['sweep', '--param', 'chunk', '--values', '1', '--node', binary])],
    ['sweep --param node', await runClient(['sweep', '--param', 'node', '--values', `${process.execPath},${binary}`])],
  ] as const;
  for (const [what, ran] of runs) {
    assert.equal(ran.code, 2, `${what}: ${ran.stderr}`);
    assert.ok(ran.stderr.includes(reason), `${what}: ${ran.stderr}`);
    assert.equal(ran.stderr.trim().split('\n').length, 1, `${what}: one line: ${ran.stderr}`);
    assert.equal(hasStackTrace(ran.stderr), false);
  }
  const rootWithIp = process.getuid?.() === 0 && spawnSync('ip', ['-V']).status === 0 && spawnSync('tc', ['-V']).status === 0;
  if (rootWithIp) {
    const netns = await runCommand('bash', [join(ROOT, 'scripts/netns-run.sh'), '--node', binary]);
    assert.equal(netns.code, 2, netns.stderr);
    assert.ok(netns.stderr.includes(`node ${reason} (use --node BIN)`), netns.stderr);
  }
});
