// scripts/fetch-results.sh against stand-ins for ssh and the AWS CLI (no host can be reached
// from here): it pins each host's SSH key, read from the instance's console output (as
// cloud-init prints it there) or from a known_hosts file, and refuses a host whose key differs;
// without a pin it says plainly that it trusts on first use; and it unpacks what a host sends
// into a fresh folder, never with the sender's owners, never over an earlier fetch.
//
// The ssh stand-in checks the host key as ssh would, with OpenSSH's own parser: `ssh-keygen -F`
// looks the host (or its HostKeyAlias) up in the UserKnownHostsFile it was given, and with
// StrictHostKeyChecking=yes a host whose real key (a real ed25519 key made here) is not there
// fails with ssh's message and code 255. Then it runs the remote command here, as ssh would there.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, hasCommand } from './terraform-tools.ts';

const SCRIPT = join(REPO, 'scripts/fetch-results.sh');
const NO_SSH_KEYGEN = hasCommand('ssh-keygen') ? false : 'ssh-keygen is not installed (apt-get install openssh-client)';
const HOST = '192.0.2.10';
const TARGET = `ubuntu@${HOST}`;
const INSTANCE = 'i-0123456789abcdef0';

/** A fresh ed25519 key pair's public half, "ssh-ed25519 AAAA...". */
function newHostKey(dir: string, name: string): string {
  const file = join(dir, name);
  const made = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `root@${name}`, '-f', file], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  return readFileSync(`${file}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
}

/** What EC2's console output holds once cloud-init has run: the fingerprints logged, then the keys, CRLF line ends. */
function consoleOutput(keys: string[]): string {
  return [
    '[   12.345678] cloud-init[812]: Cloud-init v. 24.4 running \'modules:final\'',
    '<14>Jun  3 17:07:52 ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----',
    '<14>Jun  3 17:07:52 ec2: 256 SHA256:CbZpkR9eFHuB1sCDZwSdSdwJzy9FpsIWRIyc9ershZ0 root@ip-10-42-0-11 (ED25519)',
    '<14>Jun  3 17:07:52 ec2: -----END SSH HOST KEY FINGERPRINTS-----',
    '-----BEGIN SSH HOST KEY KEYS-----',
    ...keys.map((key) => `${key} root@ip-10-42-0-11`),
    '-----END SSH HOST KEY KEYS-----',
    'Ubuntu 24.04 LTS ip-10-42-0-11 ttyS0',
  ].join('\r\n');
}

describe('scripts/fetch-results.sh', { skip: NO_SSH_KEYGEN }, () => {
  let dir: string;
  let bin: string;
  let remoteDir: string;
  let hostKey: string;
  let otherKey: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ntab-fetch-'));
    bin = join(dir, 'bin');
    mkdirSync(bin);
    hostKey = newHostKey(dir, 'host');
    otherKey = newHostKey(dir, 'impostor');
    // A finished client's results, one file owned by someone else (as root we can make one).
    remoteDir = join(dir, 'remote');
    mkdirSync(join(remoteDir, 'node24'), { recursive: true });
    writeFileSync(join(remoteDir, 'STATUS'), 'done: 2 suites\n');
    writeFileSync(join(remoteDir, 'node24', 'node24.json'), '{"results":[]}\n');
    if (process.getuid?.() === 0) chownSync(join(remoteDir, 'node24', 'node24.json'), 4242, 4242);

    writeFileSync(
      join(bin, 'ssh'),
      `#!/bin/bash
# ssh stand-in: host key check by OpenSSH's parser, then the remote command (the last argument) run here.
args=("$@")
remote_command=\${args[-1]}
target=\${args[-2]}
known='' strict='' alias=''
for ((i = 0; i < \${#args[@]} - 2; i++)); do
  [[ \${args[i]} == -o ]] || continue
  case \${args[i + 1]} in
    UserKnownHostsFile=*) known=\${args[i + 1]#*=} ;;
    StrictHostKeyChecking=*) strict=\${args[i + 1]#*=} ;;
    HostKeyAlias=*) alias=\${args[i + 1]#*=} ;;
  esac
done
echo "strict=$strict alias=$alias" >>"$FAKE_SSH_LOG"
if [[ $strict == yes ]]; then
  host=\${alias:-\${target#*@}}
  if ! ssh-keygen -F "$host" -f "$known" 2>/dev/null | grep -qF " $FAKE_HOST_KEY"; then
    echo "Host key verification failed." >&2
    exit 255
  fi
fi
exec bash -c "$remote_command"
`,
    );
    // aws stand-in: the console output of the instance named by --instance-id, from a file.
    writeFileSync(
      join(bin, 'aws'),
      `#!/bin/bash
echo "aws $*" >>"$FAKE_SSH_LOG"
id=''
while (($#)); do [[ $1 == --instance-id ]] && id=$2; shift; done
cat "$FAKE_CONSOLE_DIR/$id" 2>/dev/null || echo None
`,
    );
    chmodSync(join(bin, 'ssh'), 0o755);
    chmodSync(join(bin, 'aws'), 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  let runs = 0;
  /** Runs the script with the stand-ins first on PATH; `console` is the instance's console output, if any. */
  function fetch(args: string[], options: { console?: string; output?: string } = {}) {
    runs += 1;
    const output = options.output ?? join(dir, `out-${runs}`);
    const consoleDir = join(dir, `console-${runs}`);
    mkdirSync(consoleDir);
    if (options.console !== undefined) writeFileSync(join(consoleDir, INSTANCE), options.console);
    const log = join(dir, `ssh-${runs}.log`);
    writeFileSync(log, '');
    const run = spawnSync('bash', [SCRIPT, '--remote-dir', remoteDir, '--output', output, ...args, TARGET], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_SSH_LOG: log, FAKE_HOST_KEY: hostKey, FAKE_CONSOLE_DIR: consoleDir },
    });
    return { ...run, output, calls: readFileSync(log, 'utf8') };
  }

  test('with the host keys from the console output: pinned (StrictHostKeyChecking=yes), results copied', () => {
    const run = fetch(['--region', 'eu-west-1', '--host-keys-from-console', INSTANCE], { console: consoleOutput([otherKey.replace('ed25519', 'rsa'), hostKey]) });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.calls, /aws ec2 get-console-output --region eu-west-1 --instance-id i-0123456789abcdef0/);
    assert.doesNotMatch(run.calls, /strict=accept-new/);
    assert.match(run.calls, new RegExp(`strict=yes alias=${HOST.replaceAll('.', '\\.')}`));
    assert.match(run.stderr, /pinned/);
    assert.equal(readFileSync(join(run.output, 'client-1', 'STATUS'), 'utf8'), 'done: 2 suites\n');
  });

  test('a host whose key is not the one in its console output is refused, and nothing is copied', () => {
    const run = fetch(['--host-keys-from-console', INSTANCE], { console: consoleOutput([otherKey]) });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /Host key verification failed/);
    assert.match(run.stderr, /not the key .* console output/);
    assert.equal(existsSync(join(run.output, 'client-1')), false);
  });

  test('no host keys in the console output (yet): a clear error, no connection', () => {
    const run = fetch(['--timeout', '0', '--host-keys-from-console', INSTANCE], { console: 'Booting...\r\n' });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /no SSH host keys in the console output of i-0123456789abcdef0/);
    assert.doesNotMatch(run.calls, /strict=/, 'ssh was not started');
  });

  test('--known-hosts FILE pins the keys in that file', () => {
    const good = join(dir, 'known_good');
    writeFileSync(good, `${HOST} ${hostKey}\n`);
    const ok = fetch(['--known-hosts', good]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.calls, /strict=yes/);
    const bad = join(dir, 'known_bad');
    writeFileSync(bad, `${HOST} ${otherKey}\n`);
    const refused = fetch(['--known-hosts', bad]);
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, /Host key verification failed/);
  });

  test('without a pin it says plainly that it trusts each host key on first use', () => {
    const run = fetch([]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.calls, /strict=accept-new/);
    assert.match(run.stderr, /trust(s|ing)? .*on first use/i);
    assert.match(run.stderr, /--host-keys-from-console/);
  });

  test('unpacks into a fresh folder, without the sender\'s owners, and never over an earlier fetch', () => {
    const output = join(dir, 'fresh');
    const first = fetch([], { output });
    assert.equal(first.status, 0, first.stderr);
    const file = join(output, 'client-1', 'node24', 'node24.json');
    assert.equal(readFileSync(file, 'utf8'), '{"results":[]}\n');
    // The remote file is owned by uid 4242; here it belongs to whoever fetched.
    assert.equal(statSync(file).uid, process.getuid?.());
    // No half-unpacked folder left beside it.
    assert.deepEqual(readdirSync(output), ['client-1']);
    // A second fetch into the same folder is refused before any host is asked.
    const second = fetch([], { output });
    assert.equal(second.status, 2, second.stderr);
    assert.match(second.stderr, /client-1 already exists/);
    assert.equal(second.calls, '', 'no host contacted');
  });

  test('--host-keys-from-console needs one instance id per host', () => {
    const run = fetch(['--host-keys-from-console', `${INSTANCE},i-0fedcba9876543210`]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /one instance id per USER@HOST \(2 ids, 1 hosts?\)/);
    const bad = fetch(['--host-keys-from-console', 'not-an-id']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /instance ids such as i-0123456789abcdef0/);
  });
});
