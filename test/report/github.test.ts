import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeScript } from '../../src/shell/analyze-script.js';
import { decodeSource } from '../../src/core/source.js';
import type { FileReport } from '../../src/report/file-report.js';
import { escapeData, escapeProperty, githubReport } from '../../src/report/github.js';
import { checkAll, type Checked } from './fixtures.js';

let checked: Checked[];
beforeAll(async () => {
  checked = await checkAll();
});

const byPath = (path: string) => checked.find((c) => c.file.path === path)!.file;

describe('githubReport', () => {
  it('prints one workflow command per finding, with the exact properties', () => {
    const lines = githubReport([byPath('samples/nginx-php-fpm-bg-wait/start.sh'), byPath('samples/exec-redirect-only/start.sh')]).split('\n');
    expect(lines).toEqual([
      '::error file=samples/nginx-php-fpm-bg-wait/start.sh,line=34,col=1,endLine=34,endColumn=25,title=EW102::2 program(s) started with `&` (first: `nginx`) never receive the stop signal: the shell does not forward it',
      "::notice file=samples/exec-redirect-only/start.sh,line=3,col=1,endLine=3,endColumn=31,title=EW108::`exec >>/var/log/minio.log 2>&1` only redirects the shell's output; `minio` on line 25 still needs its own `exec`",
      '::error file=samples/exec-redirect-only/start.sh,line=25,col=1,endLine=25,endColumn=61,title=EW101::`minio` runs as a child of the shell and never receives SIGTERM; start it with `exec`',
      '',
    ]);
  });

  it('maps severities to ::error, ::warning and ::notice, and prints nothing without findings', () => {
    const commands = githubReport(checked.map((c) => c.file))
      .trimEnd()
      .split('\n')
      .map((line) => line.slice(0, line.indexOf(' ')));
    const expected = checked.flatMap((c) => c.file.report.findings.map((f) => ({ error: '::error', warning: '::warning', info: '::notice' })[f.severity]));
    expect(commands).toEqual(expected);
    expect(new Set(commands)).toEqual(new Set(['::error', '::warning', '::notice']));
    expect(githubReport([])).toBe('');
  });

  it('escapes % CR LF in the message, and also , : in properties', async () => {
    // An ignore comment naming a rule that does not exist: EW100's message quotes the name; the name is then
    // given characters an ignore comment cannot hold, to reach every escape through a real finding.
    const text = '#!/bin/sh\n# execwrap ignore=EW999\nexec app\n';
    const path = 'deploy/a,b:c/100%/start.sh';
    const file: FileReport = { path, type: 'script', report: await analyzeScript(decodeSource(path, Buffer.from(text))) };
    const [finding] = file.report.findings;
    expect(finding?.rule).toBe('EW100');
    finding!.data = { ...finding!.data, id: 'EW9%9\r\nx,y:z' };
    expect(githubReport([file])).toBe(
      '::warning file=deploy/a%2Cb%3Ac/100%25/start.sh,line=2,col=1,endLine=2,endColumn=24,title=EW100::`EW9%259%0D%0Ax,y:z` in this ignore comment is not an execwrap rule; it silences nothing\n',
    );
  });

  it('escape functions follow @actions/core', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeProperty('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext%3A a%2Cb');
    // `%` first, or an escape would be escaped again.
    expect(escapeData('%0A')).toBe('%250A');
  });
});
