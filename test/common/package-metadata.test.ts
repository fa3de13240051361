// The package's legal and publishing metadata: a LICENSE that matches package.json, and a
// package that npm refuses to publish by accident.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const read = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const pkg = JSON.parse(read('package.json')) as { license?: string; private?: boolean };

test('LICENSE is the MIT licence that package.json declares, held by the project\'s authors', () => {
  assert.equal(pkg.license, 'MIT');
  const license = read('LICENSE');
  assert.match(license, /^MIT License\n\nCopyright \(c\) \d{4} The node-threads-async-benchmark authors\n/);
  assert.match(license, /Permission is hereby granted, free of charge/);
  assert.match(license, /THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND/);
});

test('package.json is private: a benchmark, not a library to publish', () => {
  assert.equal(pkg.private, true);
});
