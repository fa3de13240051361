// The compose file's hardening, as compose itself resolves it (`config`: no engine needed):
// every service drops every capability, cannot gain privileges, has a read-only root
// filesystem with a tmpfs /tmp and a pids limit; the clients run as HOST_UID:HOST_GID
// (default 1000:1000, the images' `node`), never as root unless asked; the servers as the
// image's user. The running containers are checked in containers.integration.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { composeCommand, sh } from './docker.ts';

const compose = composeCommand();
const composeMissing = sh(compose[0]!, [...compose.slice(1), 'version']).code === 0 ? false : `${compose.join(' ')} is not installed`;
const SERVICES = ['server', 'client', 'original-server', 'original-client'];

/** compose config with only `env` setting the benchmark's variables. */
function config(env: NodeJS.ProcessEnv): string {
  const clean: NodeJS.ProcessEnv = {};
  for (const name of Object.keys(process.env)) if (name.startsWith('BENCHMARK_') || name === 'HOST_UID' || name === 'HOST_GID') clean[name] = undefined;
  const ran = sh(compose[0]!, [...compose.slice(1), '--profile', 'original', 'config'], { ...clean, ...env });
  assert.equal(ran.code, 0, ran.stderr);
  return ran.stdout;
}

/** Service name -> its resolved config text (v1 and v2 both print two-space service keys). */
function services(text: string): Map<string, string> {
  const block = text.slice(text.indexOf('\nservices:\n') + '\nservices:\n'.length);
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

describe('docker-compose.yml hardening', { skip: composeMissing }, () => {
  test('every service: no capability, no new privileges, read-only with a tmpfs /tmp, a pids limit', () => {
    const all = services(config({}));
    assert.deepEqual([...all.keys()].sort(), [...SERVICES].sort());
    for (const [name, text] of all) {
      assert.match(text, /^ {4}cap_drop:\n {4}- ALL$/m, `${name}: cap_drop ALL`);
      assert.doesNotMatch(text, /^ {4}(cap_add|privileged):/m, `${name}: nothing added back`);
      assert.match(text, /^ {4}security_opt:\n {4}- no-new-privileges:true$/m, `${name}: no-new-privileges`);
      assert.match(text, /^ {4}read_only: true$/m, `${name}: read-only root filesystem`);
      assert.match(text, /^ {4}tmpfs:\n {4}- \/tmp$/m, `${name}: tmpfs /tmp`);
      const pids = Number(/^ {4}pids_limit: '?(\d+)'?$/m.exec(text)?.[1]);
      assert.ok(pids > 0, `${name}: pids limit`);
      // Threads count as pids: the clients run threads-map's 1000 worker threads and the suite around them.
      if (name.endsWith('client')) assert.ok(pids >= 1100, `${name}: pids limit ${pids} leaves room for 1000 worker threads`);
    }
  });

  test('the clients run as HOST_UID:HOST_GID, by default the images\' node (1000:1000); the servers as the image\'s user', () => {
    const defaults = services(config({}));
    const mine = services(config({ HOST_UID: '4321', HOST_GID: '4322' }));
    for (const name of ['client', 'original-client']) {
      assert.match(defaults.get(name)!, /^ {4}user: '?1000:1000'?$/m, `${name} by default`);
      assert.match(mine.get(name)!, /^ {4}user: '?4321:4322'?$/m, `${name} with HOST_UID/HOST_GID`);
    }
    for (const name of ['server', 'original-server']) assert.doesNotMatch(defaults.get(name)!, /^ {4}user:/m, `${name}: the image's user (node)`);
    // Nothing asks for root any more.
    assert.doesNotMatch(config({}), /user: '?0:0'?/);
  });
});
