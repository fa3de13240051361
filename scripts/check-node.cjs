// Is the node running this new enough for the project? The minimum is package.json's
// engines.node, the one place it is written. Run it with the binary in question:
//   /path/to/node scripts/check-node.cjs
// Fits: prints {"node":"<version>","v8":"<version>"} on stdout, exit 0.
// Too old: one line on stderr saying so, exit 1.
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
var need = match.slice(1).map(Number);
var have = process.versions.node.split('.').map(Number);
var fits = true;
for (var i = 0; i < 3; i++) {
  if (have[i] !== need[i]) {
    fits = have[i] > need[i];
    break;
  }
}
if (!fits) {
  process.stderr.write('Node ' + process.versions.node + ' is too old: this project needs Node ' + need.join('.') + ' or newer (engines.node in package.json)\n');
  process.exit(1);
}
process.stdout.write(JSON.stringify({ node: process.versions.node, v8: process.versions.v8 }) + '\n');
