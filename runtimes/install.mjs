// npm run runtimes: installs the pinned runtimes of runtimes/package.json with `npm ci` from its
// lock (exactly those versions, from the npm registry or whatever mirror npm is configured for,
// so it works air-gapped, in images and in CI), makes their binaries executable (npm leaves the
// executable bit to packages that declare a "bin", and Bun's and Deno's do not), and prints
// where each is. `--runtime <name>` (benchmark suite, sweep) and `scripts/run.sh <name>` use them.
// Plain JavaScript with Node's own modules: it runs before the project is built, on any Node.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

const fail = (message) => {
  process.stderr.write(`runtimes: error: ${message}\n`);
  process.exit(1);
};

if (process.argv.length > 2) {
  process.stderr.write('Usage: npm run runtimes   (installs runtimes/package.json\'s pinned runtimes; no arguments)\n');
  process.exit(2);
}

const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: here, stdio: 'inherit' });
if (ci.error) fail(`cannot run npm: ${ci.error.message}`);
if (ci.status !== 0) fail(`npm ci in ${here} failed (exit ${ci.status ?? ci.signal}); see npm's message above`);

const rows = [];
for (const [name, file] of Object.entries(manifest.binaries)) {
  const binary = join(here, file);
  if (!existsSync(binary)) fail(`npm ci installed no ${name} binary at ${binary} (runtimes/package.json "binaries")`);
  chmodSync(binary, statSync(binary).mode | 0o111);
  const version = /@([^@]+)$/.exec(manifest.dependencies[name] ?? '')?.[1] ?? '?';
  rows.push([name, version, binary]);
}
const width = (column) => Math.max(...rows.map((row) => row[column].length));
for (const [name, version, binary] of rows) console.log(`${name.padEnd(width(0))}  ${version.padEnd(width(1))}  ${binary}`);
console.log('A name is the runtime of the timed client: scripts/run.sh <name> ..., benchmark suite --runtime <name> (docs/cli.md)');
