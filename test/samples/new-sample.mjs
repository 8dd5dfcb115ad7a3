#!/usr/bin/env node
// `npm run new:sample <name> [script]`: starts a sample in samples/<name>/ — the script (a copy of [script], or a
// skeleton to edit), a sample.json whose expected result is what the built execwrap reports on it today, and its
// goldens (UPDATE_GOLDEN=1 on test/samples.test.ts for this sample only); then regenerates samples/README.md's table.
// Read the goldens and sample.json before committing: they record what execwrap does, which is not always right.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const [name, from] = process.argv.slice(2);

function fail(message) {
  console.error(`new:sample: ${message}`);
  process.exit(2);
}

if (!name || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) fail('usage: npm run new:sample <kebab-case-name> [path/to/script.sh]');
const dir = join(root, 'samples', name);
if (existsSync(dir)) fail(`samples/${name} exists already`);
if (from !== undefined && !existsSync(from)) fail(`${from}: no such file`);

const SKELETON = `#!/bin/sh
# What this sample shows, in one line (replace the lines below with the start script).
set -e
mkdir -p /run/app
app --port 8080
`;

const script = from ? basename(from) : 'start.sh';
mkdirSync(dir, { recursive: true });
const scriptPath = join(dir, script);
if (from) copyFileSync(from, scriptPath);
else writeFileSync(scriptPath, SKELETON);
chmodSync(scriptPath, 0o755);

// What execwrap reports today, from the built CLI (`npm run build` first, as `npm test` does).
if (!existsSync(join(root, 'dist', 'bundle'))) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) fail('npm run build failed');
}
const check = spawnSync(process.execPath, [join(root, 'bin', 'execwrap.js'), 'check', '--format', 'json', join('samples', name, script)], { cwd: root, encoding: 'utf8' });
if (check.status === 2) fail(`execwrap check could not read the script:\n${check.stderr}`);
const file = JSON.parse(check.stdout).files[0];
const rules = [...new Set(file.findings.map((f) => f.rule))].sort();
const programs = [...new Set(file.processes.map((p) => p.command.split(/\s+/)[0]))];

const meta = {
  description: 'TODO: what the script does and why it is a sample (a sentence)',
  covers: 'TODO: the pattern it covers, in a few words (the samples table shows it)',
  script,
  shell: file.shell,
  expect: { rules, launcher: file.launcher, status: file.status, notes: [] },
  programs,
  runnable: false,
};
writeFileSync(join(dir, 'sample.json'), `${JSON.stringify(meta, null, 2)}\n`);

// The goldens of this sample only (expected/check.json, the fixed script, the diff).
const update = spawnSync('npx', ['vitest', 'run', 'test/samples.test.ts', '-t', `samples: golden outputs ${name} `], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, UPDATE_GOLDEN: '1' },
});
if (update.status !== 0) fail('writing the goldens failed (see above)');
const docs = spawnSync('npm', ['run', '--silent', 'docs:generate'], { cwd: root, stdio: 'inherit' });
if (docs.status !== 0) fail('npm run docs:generate failed');

console.log(`new:sample: samples/${name}/ written: ${script}, sample.json (launcher ${file.launcher}, status ${file.status}, rules ${rules.join(', ') || 'none'}), expected/.
Next: fill in description and covers, check programs; set "runnable": true (and "lifetime" for a multi-process
script) once it runs offline as PID 1 (samples/README.md); add a Dockerfile if the image matters, then run this
sample's goldens again (UPDATE_GOLDEN=1 npx vitest run test/samples.test.ts -t "${name}") and add
"dockerfileRules". Read every golden before committing.`);

