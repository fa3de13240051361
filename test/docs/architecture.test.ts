// The layers docs/architecture.md states, enforced on every import in src/: none from a layer
// below the importer's, and no circle between modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { ROOT } from '../helper.ts';

/** folder -> its layer (1 = the lowest), from the numbered list under "## Layers". */
function layersFromDocs(): Map<string, number> {
  const text = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  const section = text.split('## Layers')[1]?.split('\n## ')[0] ?? '';
  const layers = new Map<string, number>();
  for (const match of section.matchAll(/^(\d+)\. ((?:`[a-z-]+`(?:, )?)+):/gm)) {
    for (const folder of match[2]!.matchAll(/`([a-z-]+)`/g)) layers.set(folder[1]!, Number(match[1]));
  }
  return layers;
}

/** Every .ts file under src/, relative to it. */
function sources(): string[] {
  return (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[]).filter((file) => file.endsWith('.ts')).map((file) => file.split('\\').join('/'));
}

/** The project modules a file imports (static, re-exported or dynamic), relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, 'src', file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => normalize(join(dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

test('docs/architecture.md names a layer for every folder of src/', () => {
  const layers = layersFromDocs();
  const folders = new Set(sources().map((file) => file.split('/')[0]!));
  assert.deepEqual([...folders].filter((folder) => !layers.has(folder)), [], 'folders without a layer');
  assert.deepEqual([...layers.keys()].filter((folder) => !folders.has(folder)), [], 'layers without a folder');
});

/** Imports that run from a lower layer to a higher one: "importer (folder, layer) imports target (folder, layer)". */
function inversions(imports: Map<string, string[]>, layers: Map<string, number>): string[] {
  const wrong: string[] = [];
  for (const [file, targets] of imports) {
    const from = file.split('/')[0]!;
    for (const target of targets) {
      const to = relative('.', target).split('/')[0]!;
      if (to !== from && (layers.get(to) ?? Infinity) > (layers.get(from) ?? -Infinity)) wrong.push(`${file} (${from}, layer ${layers.get(from)}) imports ${target} (${to}, layer ${layers.get(to)})`);
    }
  }
  return wrong;
}

/** The circles of a module graph, each as "a -> b -> a". */
function circles(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const found: string[] = [];
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}

const imports = new Map(sources().map((file) => [file, importsOf(file)]));

test('no import runs from a lower layer to a higher one', () => {
  assert.deepEqual(inversions(imports, layersFromDocs()), []);
});

test('no circle in the imports between modules', () => {
  assert.deepEqual(circles(imports), []);
});

test('the checks find what they look for: an inversion and a circle in a made-up graph', () => {
  const made = new Map([
    ['strategies/a.ts', ['report/b.ts']],
    ['report/b.ts', ['report/c.ts']],
    ['report/c.ts', ['report/b.ts']],
  ]);
  assert.deepEqual(inversions(made, layersFromDocs()), ['strategies/a.ts (strategies, layer 2) imports report/b.ts (report, layer 7)']);
  assert.deepEqual(circles(made), ['report/b.ts -> report/c.ts -> report/b.ts']);
  // And the parser reads real imports: type-only, dynamic and re-exports alike.
  assert.ok(imports.get('measure/files.ts')?.includes('measure/engine.ts'));
  assert.ok(imports.get('client/main.ts')?.some((target) => target.startsWith('suite/')));
});
