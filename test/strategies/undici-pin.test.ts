// undici is imported file by file (src/strategies/undici.ts), not through its index, to keep
// fetch, WebSocket and caches out of every process's and every worker's start-up. Those are
// internal paths: the version is pinned exactly, and this test fails when one moves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../helper.ts';

const deepImports = (file: string): string[] =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/['"](undici\/[^'"]+)['"]/g)].map((match) => match[1]!);

test('every undici path imported by the strategies resolves in the installed undici', () => {
  const paths = deepImports('src/strategies/undici.ts');
  assert.ok(paths.length >= 4, `deep imports found: ${paths.join(', ')}`);
  const require = createRequire(join(ROOT, 'package.json'));
  for (const path of paths) {
    const resolved = require.resolve(path);
    assert.ok(existsSync(resolved), `${path} -> ${resolved}`);
  }
  // Their type declarations name the same files.
  assert.deepEqual(new Set(deepImports('src/types/undici-dispatchers.d.ts')), new Set(paths));
});

test('undici is pinned to one exact version, the one installed', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const pinned = pkg.dependencies.undici;
  assert.match(pinned ?? '', /^\d+\.\d+\.\d+$/, `"undici": "${pinned}" must be an exact version, not a range`);
  const installed = JSON.parse(readFileSync(join(ROOT, 'node_modules/undici/package.json'), 'utf8')) as { version: string };
  assert.equal(installed.version, pinned);
});

test('the bundled client works through those paths: the dispatchers have request()', async () => {
  // The built module wires Dispatcher.prototype.request as undici's index would.
  const { Client, Pool } = (await import(join(ROOT, 'dist/strategies/undici.js'))) as typeof import('../../src/strategies/undici.ts');
  for (const Dispatcher of [Client, Pool]) {
    const dispatcher = new Dispatcher('http://127.0.0.1:1');
    assert.equal(typeof dispatcher.request, 'function');
    await dispatcher.close();
  }
});

test("the bundle leaves undici's HTTP/2 client out: no process or worker loads node:http2", () => {
  const bundled = readdirSync(join(ROOT, 'dist/client')).filter((file) => file.endsWith('.js'));
  const texts = bundled.map((file) => readFileSync(join(ROOT, 'dist/client', file), 'utf8'));
  assert.ok(texts.some((text) => text.includes('HTTP/2 is not bundled')), 'the stub stands in for client-h2.js');
  for (const [i, text] of texts.entries()) assert.doesNotMatch(text, /require\("node:http2"\)|from "node:http2"/, bundled[i]);
  // And no dispatcher would ask for HTTP/2.
  assert.match(readFileSync(join(ROOT, 'src/strategies/request.ts'), 'utf8'), /allowH2: false/);
});
