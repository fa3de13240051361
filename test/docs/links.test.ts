import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helper.ts';
import { anchorsOf, brokenLinks, extractLinks, githubSlug, headingText, markdownFiles } from './links.ts';

test('every relative link and image in README.md and docs/ resolves to a tracked file and anchor', () => {
  const files = markdownFiles(ROOT);
  assert.ok(files.includes('README.md') && files.includes('docs/cli.md'), `the docs were found: ${files.join(', ')}`);
  const broken = brokenLinks(ROOT).map(({ file, line, target, reason }) => `${file}:${line}: ${target} (${reason})`);
  assert.deepEqual(broken, [], `broken links:\n${broken.join('\n')}`);
});

test('extracts Markdown links, images, reference definitions and HTML src/href, with their lines, and nothing in code', () => {
  const sample = [
    'See [the CLI](docs/cli.md#exit-codes) and ![chart](img/a.svg "title").', // 1
    '[![badge](badge.svg)](https://example.com) <img src="pic.png"> <a href=\'page.md\'>x</a>', // 2
    '`[not a link](inline-code.md)` and [wrapped', // 3
    'label](wrapped.md) [angle](<with space.md>)', // 4
    '```sh', // 5
    '[in a fence](fenced.md)', // 6
    '```', // 7
    '[ref]: docs/reference.md', // 8
    '[paren](file_(1).md)', // 9
  ].join('\n');
  assert.deepEqual(extractLinks(sample), [
    { line: 1, target: 'docs/cli.md#exit-codes' },
    { line: 1, target: 'img/a.svg' },
    { line: 2, target: 'badge.svg' },
    { line: 2, target: 'https://example.com' },
    { line: 2, target: 'pic.png' },
    { line: 2, target: 'page.md' },
    { line: 4, target: 'wrapped.md' },
    { line: 4, target: 'with space.md' },
    { line: 8, target: 'docs/reference.md' },
    { line: 9, target: 'file_(1).md' },
  ]);
});

test('anchors follow GitHub: lowercase, punctuation dropped but - and _, spaces to -, duplicates numbered', () => {
  const slug = (heading: string): string => githubSlug(headingText(heading));
  assert.equal(slug('Two hosts on one machine: `scripts/netns-run.sh`'), 'two-hosts-on-one-machine-scriptsnetns-runsh');
  assert.equal(slug('The environment record (`<name>.meta.json`)'), 'the-environment-record-namemetajson');
  assert.equal(slug('Mean ± σ'), 'mean--σ');
  assert.equal(slug('Run it on EC2 (Terraform) <sup>new</sup>'), 'run-it-on-ec2-terraform-new');
  assert.equal(slug('[Linked](x.md) snake_case'), 'linked-snake_case');
  const anchors = anchorsOf(['# Title', '## Notes', '## Notes', 'Setext', '---', '```', '# not a heading', '```', '<a id="custom"></a>'].join('\n'));
  assert.deepEqual([...anchors].sort(), ['custom', 'notes', 'notes-1', 'setext', 'title']);
});

test('fails on a link to a missing or untracked file, a missing anchor, or outside the repository, naming file and line', async () => {
  const repo = await mkdtemp(join(tmpdir(), 'ntab-links-'));
  await mkdir(join(repo, 'docs', 'sub'), { recursive: true });
  await writeFile(
    join(repo, 'README.md'),
    [
      '# Top',
      '[ok](docs/guide.md#a-section) [ok](#top) [ok](docs/) [ok](https://nowhere.invalid/x.md)',
      '![missing](docs/results/chart.svg)',
      '[untracked](notes.md)',
      '[bad anchor](docs/guide.md#no-such-section)',
    ].join('\n'),
  );
  await writeFile(join(repo, 'docs', 'guide.md'), '## A section\n\n[up](../README.md#top) [out](../../elsewhere.md)\n');
  await writeFile(join(repo, 'docs', 'sub', 'deep.md'), '<img src="../guide.md"> [self](#nowhere)\n');
  execFileSync('git', ['init', '-q', repo]);
  execFileSync('git', ['-C', repo, 'add', 'README.md', 'docs']);
  await writeFile(join(repo, 'notes.md'), 'on disk, never added\n');

  assert.deepEqual(brokenLinks(repo), [
    { file: 'README.md', line: 3, target: 'docs/results/chart.svg', reason: 'docs/results/chart.svg is not tracked by git' },
    { file: 'README.md', line: 4, target: 'notes.md', reason: 'notes.md is not tracked by git' },
    { file: 'README.md', line: 5, target: 'docs/guide.md#no-such-section', reason: 'docs/guide.md has no heading or id for #no-such-section' },
    { file: 'docs/guide.md', line: 3, target: '../../elsewhere.md', reason: 'points outside the repository' },
    { file: 'docs/sub/deep.md', line: 1, target: '#nowhere', reason: 'docs/sub/deep.md has no heading or id for #nowhere' },
  ]);
});
