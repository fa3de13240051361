// Where the project's files are, from any module: src/ (tests), dist/ (tsc) or the bundled
// chunks in dist/client/, in a checkout, an npm install or a container image alike.
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above this module with a package.json: right at any depth, unlike a fixed '../../'. */
function findProjectRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return `${dir}${sep}`;
    const parent = dirname(dir);
    if (parent === dir) return `${dirname(fileURLToPath(from))}${sep}`;
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot();

/** The built command-line programs and the Node version check, run as child processes. */
export const PROJECT_FILES = {
  clientCli: join(PROJECT_ROOT, 'dist/client/cli.js'),
  serverCli: join(PROJECT_ROOT, 'dist/server/cli.js'),
  proxyCli: join(PROJECT_ROOT, 'dist/proxy/cli.js'),
  checkNode: join(PROJECT_ROOT, 'scripts/check-node.cjs'),
} as const;
