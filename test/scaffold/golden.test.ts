/**
 * Scaffold output: goldens for the matrix, byte-stable, and clean under `execwrap check` (script and Dockerfile,
 * with the CLI's default init and with the init chosen).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { needPrograms } from '../harness/support.js';
import { analyzeScript } from '../../src/shell/analyze-script.js';
import { analyzeScriptFile } from '../../src/app/files.js';
import { analyzeDockerfile } from '../../src/dockerfile/analyze-dockerfile.js';
import { decodeSource } from '../../src/core/source.js';
import { PRELUDE_BEGIN, PRELUDE_END, renderLaunchBlock, renderPrelude } from '../../src/shell/render/wrapper.js';
import { shellJoin } from '../../src/shell/render/shell-quote.js';
import { buildSpec } from '../../src/app/scaffold/model.js';
import { renderScaffold } from '../../src/app/scaffold/render.js';
import { expectGolden } from '../helpers/golden.js';
import { CASES, entrypointOf, renderCase } from './cases.js';

const GOLDEN = join(import.meta.dirname, 'golden');

describe.each(CASES)('scaffold $name', (c) => {
  it('matches its golden', async () => {
    const r = await renderCase(c);
    const joined = r.files.map((f) => `==== ${f.path} (${(f.mode & 0o777).toString(8)})\n${f.content}`).join('');
    expectGolden(join(GOLDEN, `${c.name}.txt`), joined);
  });

  it('is byte-stable: same inputs, same bytes', async () => {
    const a = await renderScaffold(buildSpec(c.flags));
    const b = await renderScaffold(buildSpec(structuredClone(c.flags)));
    expect(b).toEqual(a);
  });

  it('is what prettier prints: formatting the Dockerfile and the Deployment again changes nothing', async () => {
    const r = await renderCase(c);
    const prettier = await import('prettier');
    const sh = await import('prettier-plugin-sh');
    const options = { printWidth: 120, tabWidth: 2, useTabs: false, endOfLine: 'lf' as const };
    const dockerfile = r.file('Dockerfile').content;
    expect(await prettier.format(dockerfile, { ...options, parser: 'dockerfile', plugins: [sh] })).toBe(dockerfile);
    if (r.spec.k8s) {
      const yaml = r.file('k8s/deployment.yaml').content;
      expect(await prettier.format(yaml, { ...options, parser: 'yaml' })).toBe(yaml);
    }
    if (r.spec.procs.length === 1) {
      const script = r.file('start.sh').content;
      expect(await prettier.format(script, { ...options, parser: 'sh', plugins: [sh] })).toBe(script);
    }
  });

  it('passes execwrap check with no finding', async () => {
    const r = await renderCase(c);
    const script = await analyzeScript(decodeSource(join(r.dir, 'start.sh'), Buffer.from(r.file('start.sh').content)));
    expect(script.findings).toEqual([]);
    expect(script.status).toBe('ok');
    expect(script.launcher).toBe(r.spec.procs.length === 1 ? 'single' : 'multi');
    for (const init of new Set(['tini', r.spec.init] as const)) {
      const docker = await analyzeDockerfile(decodeSource(join(r.dir, 'Dockerfile'), Buffer.from(r.file('Dockerfile').content)), {
        context: r.dir,
        init,
        analyzeScript: (file) => analyzeScriptFile(file),
      });
      expect(docker.findings, `--init ${init}`).toEqual([]);
      expect(docker.scripts.map((s) => s.file)).toEqual([join(r.dir, 'start.sh')]);
      expect(docker.scripts[0]!.report?.findings).toEqual([]);
    }
  });

  for (const argv of c.flags.shell === 'bash' ? [['bash']] : [['dash'], ['busybox', 'ash'], ['bash', '--posix']]) {
    it(`is valid for ${argv.join(' ')}, a shell that runs it`, async () => {
      needPrograms(argv[0]!);
      const r = await renderCase(c);
      expect(r.spec.shell).toBe(c.flags.shell);
      const run = spawnSync(argv[0]!, [...argv.slice(1), '-n', join(r.dir, 'start.sh')], { encoding: 'utf8' });
      expect(run.stderr, argv.join(' ')).toBe('');
      expect(run.status, argv.join(' ')).toBe(0);
    });
  }

  it('carries the shared wrapper byte for byte (several programs) or exec (one)', async () => {
    const r = await renderCase(c);
    const script = r.file('start.sh').content;
    const argvs = r.spec.procs.map((p) => p.argv);
    if (argvs.length === 1) {
      expect(script).not.toContain(PRELUDE_BEGIN);
      expect(script.trimEnd().split('\n').pop()).toBe(`exec ${shellJoin(argvs[0]!)}`);
    } else {
      expect(script).toContain(renderPrelude({ shell: r.spec.shell }));
      const launch = renderLaunchBlock({ shell: r.spec.shell, launches: argvs.map((a) => ({ command: shellJoin(a) })), until: r.spec.failFast ? 'first' : 'all' });
      expect(script).toContain(launch);
      expect(script.indexOf(PRELUDE_END)).toBeLessThan(script.indexOf(launch));
      // The script ends in the wait: its status is the script's (no `exit` line needed after it).
      expect(script.trimEnd().split('\n').pop()).toMatch(r.spec.failFast ? /^_ew_wait first / : /^_ew_wait all /);
    }
    expect(entrypointOf(r.file('Dockerfile').content).at(-1)).toBe('/usr/local/bin/start.sh');
  });
});
