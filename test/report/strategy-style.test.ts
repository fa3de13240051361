// Names and colours of what a hyperfine export timed, and the text layout charts rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STRATEGIES } from '../../src/strategies/registry.ts';
import { dist } from '../helper.ts';

type StyleModule = typeof import('../../src/report/strategy-style.ts');
type TextModule = typeof import('../../src/report/text-width.ts');

const { strategyName, strategyColor, groupName } = await dist<StyleModule>('report/strategy-style.js');
const { textWidth, wrapText } = await dist<TextModule>('report/text-width.js');

test('a command is labelled by the strategy it ran, from any export', () => {
  const cases: [string, string][] = [
    ['async-for', 'async-for'],
    ['original-async-for', 'original-async-for'],
    ['async_for', 'async-for'],
    ['/usr/bin/python3 benchmark.py async-for -r 1000', 'async-for'],
    ['.venv/bin/python benchmark.py threads-map -r 1000', 'threads-map'],
    ['python3.12 benchmark.py threads_reuse -c 100 -r 1000', 'threads-reuse'],
    ['node dist/client/cli.js threads-recreate -r 20 -c 5', 'threads-recreate'],
    ['/opt/node24/bin/node /srv/app/dist/client/cli.js noop', 'noop'],
    // Not a strategy: the command stays as it is.
    ['sleep 0.02', 'sleep 0.02'],
    ['true', 'true'],
    ['original-sleep', 'original-sleep'],
    // original- only for the original's own five strategies.
    ['original-async-limit', 'original-async-limit'],
  ];
  for (const [command, name] of cases) assert.equal(strategyName(command), name, command);
});

test("colours: the registry's per strategy; original-X a paler one; anything else fixed by its name", () => {
  for (const entry of STRATEGIES) assert.equal(strategyColor(entry.name), entry.color, entry.name);
  assert.equal(strategyColor('original-async-for'), strategyColor('original-async-for'));
  assert.notEqual(strategyColor('original-async-for'), strategyColor('async-for'));
  assert.match(strategyColor('sleep 0.02'), /^#[0-9a-f]{6}$/);
  assert.equal(strategyColor('sleep 0.02'), strategyColor('sleep 0.02'));
  assert.ok(!STRATEGIES.some((entry) => entry.color === strategyColor('sleep 0.02')), 'never a strategy\'s colour');
  assert.equal(groupName('original-threads-map'), 'threads-map');
  assert.equal(groupName('sleep 0.02'), 'sleep 0.02');
});

test('text widths: wider text, bigger font and bold measure wider; wrapping keeps every word and the width', () => {
  assert.ok(textWidth('threads-recreate', 12) > textWidth('async-for', 12));
  assert.ok(textWidth('async-for', 15) > textWidth('async-for', 12));
  assert.ok(textWidth('async-for', 12, true) > textWidth('async-for', 12));
  // DejaVu Sans: "0" is 0.636 em, so ten of them at 10 px are 63.6 px.
  assert.ok(Math.abs(textWidth('0000000000', 10) - 63.6) < 1e-9);
  const text = 'Time for 256 requests vs concurrency C, netns veth, link proxy, rtt 2 ms, server delay 0';
  const lines = wrapText(text, 400, 15, true);
  assert.ok(lines.length > 1);
  assert.equal(lines.join(' '), text);
  for (const line of lines) assert.ok(textWidth(line, 15, true) <= 400, line);
});
