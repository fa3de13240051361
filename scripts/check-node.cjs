// Which JavaScript runtime is this, and can it run the project? Run it with the binary in question:
//   /path/to/node scripts/check-node.cjs     (bun scripts/check-node.cjs; deno run --allow-read ...)
// Fits: prints {"kind":"node|bun|deno","version":"<its own>","node":"<Node API version>","v8":"<version or null>"}
// on stdout, exit 0. A Node older than package.json's engines.node (the one place the minimum is
// written; Bun and Deno have their own versions and are not held to it): one line on stderr, exit 1.
// Plain CommonJS in old syntax on purpose: it must run (and say why) on the old Node it rejects.
'use strict';
var path = require('path');
var fs = require('fs');

var packageFile = path.join(__dirname, '..', 'package.json');
var range = JSON.parse(fs.readFileSync(packageFile, 'utf8')).engines.node;
var match = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(String(range).trim());
if (!match) {
  process.stderr.write('check-node: package.json engines.node must be ">=X.Y.Z", got "' + range + '"\n');
  process.exit(1);
}
var versions = process.versions;
var kind = versions.bun ? 'bun' : versions.deno ? 'deno' : 'node';
var need = match.slice(1).map(Number);
var have = process.versions.node.split('.').map(Number);
var fits = true;
for (var i = 0; i < 3; i++) {
  if (have[i] !== need[i]) {
    fits = have[i] > need[i];
    break;
  }
}
if (!fits && kind === 'node') {
  process.stderr.write('Node ' + process.versions.node + ' is too old: this project needs Node ' + need.join('.') + ' or newer (engines.node in package.json)\n');
  process.exit(1);
}
process.stdout.write(JSON.stringify({ kind: kind, version: versions[kind], node: versions.node, v8: versions.bun ? null : versions.v8 }) + '\n');
