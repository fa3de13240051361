// Bundles the client (after tsc) so a run loads one small graph of files instead of
// undici's and commander's hundreds of modules: start-up is part of what hyperfine
// times. Output sits flat in dist/client/, so `new URL('./worker.js', import.meta.url)`
// in the thread pool finds the bundled worker from any chunk. The server is bundled too,
// into one file, so its image needs no node_modules (last step below).
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Bundled: what the timed paths load. External: piscina (finds its own worker file via
// __dirname), the server's and the report's libraries (never on a timed path).
const BUNDLED = new Set(['undici', 'commander']);
const external = Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name));

// Chunk names carry content hashes: drop the previous build's so none goes stale.
for (const file of readdirSync('dist/client')) {
  if (file.startsWith('chunk-')) rmSync(`dist/client/${file}`);
}

/** What every bundle here is: ESM for Node, with a real require() for the CommonJS packages inside. */
const NODE_ESM = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // undici, fastify and others are CommonJS: give their require() calls a real require inside the ESM bundle.
  banner: { js: "import { createRequire as __ntabCreateRequire } from 'node:module'; const require = __ntabCreateRequire(import.meta.url);" },
};

// undici's HTTP/2 client requires node:http2 when it loads: tens of milliseconds in every
// process and worker thread. The benchmark speaks HTTP/1.1 only (allowH2: false on every
// dispatcher), so a stub that throws takes its place (test/strategies/undici-pin.test.ts checks it).
const H2_STUB = fileURLToPath(new URL('./bundle-stubs/undici-client-h2.cjs', import.meta.url));
const withoutHttp2 = {
  name: 'undici-without-http2',
  setup(build) {
    build.onResolve({ filter: /^\.\/client-h2(\.js)?$/ }, (args) => (/[\\/]undici[\\/]lib[\\/]dispatcher$/.test(args.resolveDir) ? { path: H2_STUB } : undefined));
  },
};

await build({
  plugins: [withoutHttp2],
  entryPoints: {
    // run-entry: the lean path of a strategy run (no commander); main: the full command line.
    'run-entry': 'src/client/run-entry.ts',
    main: 'src/client/main.ts',
    // Each worker file its own entry: the thread pools find them next to the chunks.
    worker: 'src/strategies/worker.ts',
    'event-loop-worker': 'src/strategies/event-loop-worker.ts',
    'work-worker': 'src/strategies/work-worker.ts',
    // Entry points of their own so bench/worker-cost.ts can spawn the real bundled pool.
    'thread-pool': 'src/strategies/thread-pool.ts',
    gauge: 'src/strategies/gauge.ts',
  },
  outdir: 'dist/client',
  entryNames: '[name]',
  chunkNames: 'chunk-[name]-[hash]',
  splitting: true,
  external,
  ...NODE_ESM,
});

// The server as one self-contained file (fastify, commander and all they load), written over
// tsc's dist/server/cli.js: the server image then ships no node_modules at all, so none of the
// client's or the report's packages (vega and the chart stack) end up in it.
await build({
  entryPoints: ['src/server/cli.ts'],
  outfile: 'dist/server/cli.js',
  allowOverwrite: true,
  ...NODE_ESM,
});
