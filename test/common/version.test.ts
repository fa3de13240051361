// `benchmark --version`: the package's version, from package.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runClient } from '../helper.ts';

test('benchmark --version and -V print the package version and exit 0', async () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const ran = await runClient([flag]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout, `${version}\n`);
  }
});
