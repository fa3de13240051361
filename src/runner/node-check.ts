// Is a node binary new enough to run the clients? scripts/check-node.cjs answers, run by
// that binary: the minimum stays in package.json alone, and bash scripts ask it too.
import { spawnSync } from 'node:child_process';
import { UsageError } from '../common/cli-errors.js';
import { PROJECT_FILES } from '../common/project-root.js';
import type { NodeVersions } from '../environment/collect.js';

/** The binary's versions; a UsageError naming `what` (e.g. "--node") when it is too old or does not run as node. */
export function checkNodeBinary(binary: string, what: string): NodeVersions {
  const result = spawnSync(binary, [PROJECT_FILES.checkNode], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  if (result.status === 0) {
    try {
      const versions = JSON.parse(result.stdout) as Partial<NodeVersions>;
      if (typeof versions.node === 'string' && typeof versions.v8 === 'string') return { node: versions.node, v8: versions.v8 };
    } catch {
      // Not our script's answer: not a node binary.
    }
  }
  const reason = result.status === 1 ? /^Node .* is too old: .*$/m.exec(result.stderr ?? '')?.[0] : undefined;
  throw new UsageError(`${what} '${binary}': ${reason ?? 'does not run as node'}.`);
}
