import { describe, expect, test } from 'vitest';
import { analyze, fix, script } from '../helpers/rule-tester.js';

const rules = async (text: string) => (await analyze(text)).findings.map((f) => f.rule);

describe('# execwrap ignore comments', () => {
  test('`# execwrap ignore=EW101` before the command silences it', async () => {
    const text = script`
      #!/bin/bash
      cd /app
      # execwrap ignore=EW101
      node server.js
    `;
    expect(await rules(text)).toEqual([]);
    const report = await analyze(text);
    expect(report.status).toBe('ok');
    expect(await fix(text)).toBe(text);
  });

  test('without the comment the same script is reported (control)', async () => {
    expect(await rules('#!/bin/bash\ncd /app\nnode server.js\n')).toEqual(['EW101']);
  });

  test('it silences only the next command: another branch is still reported and fixed', async () => {
    const text = script`
      #!/bin/bash
      if [ "$1" = debug ]; then
        # execwrap ignore=EW101
        node --inspect server.js
      else
        node server.js
      fi
    `;
    const report = await analyze(text);
    expect(report.findings.map((f) => [f.rule, report.script.lines.position(f.start).line])).toEqual([['EW101', 6]]);
    expect(await fix(text)).toBe(text.replace('  node server.js', '  exec node server.js'));
  });

  test('it silences only the next command: a comment above setup does not reach the launch', async () => {
    const text = script`
      #!/bin/bash
      # execwrap ignore=EW101
      cd /srv
      node server.js
    `;
    expect(await rules(text)).toEqual(['EW101']);
  });

  test('it silences only the named rule', async () => {
    const text = script`
      #!/bin/bash
      cd /app
      # execwrap ignore=EW110
      npm start
    `;
    expect(await rules(text)).toEqual(['EW101']);
  });

  test('several IDs, lower case and spaces are accepted', async () => {
    const text = script`
      #!/bin/bash
      # execwrap ignore = ew101, EW110
      npm start
    `;
    expect(await rules(text)).toEqual([]);
  });

  test('`# execwrap ignore` without IDs silences every rule on the next command', async () => {
    const text = script`
      #!/bin/bash
      # execwrap ignore
      su app -c "npm start"
    `;
    expect(await rules('#!/bin/bash\nsu app -c "npm start"\n')).toEqual(['EW109']);
    expect(await rules(text)).toEqual([]);
  });

  test('`# execwrap ignore-file` silences everything', async () => {
    const text = script`
      # execwrap ignore-file
      redis-server &
      trap 'kill $pid; exit' SIGTERM
      tail -f /dev/null
    `;
    expect(await rules(text)).toEqual([]);
    expect((await analyze(text)).status).toBe('ok');
    expect(await fix(text)).toBe(text);
  });

  test('`# execwrap ignore-file` anywhere in the file counts', async () => {
    const text = '#!/bin/sh\nservice nginx start\ntail -f /dev/null\n# execwrap ignore-file\n';
    expect(await rules(text)).toEqual([]);
  });

  test('`ignore-file=EW116` silences only that rule', async () => {
    const text = '\n# execwrap ignore-file=EW116\nnode server.js\n';
    expect(await rules(text)).toEqual(['EW101']);
    expect(await rules('\nnode server.js\n')).toEqual(['EW116', 'EW101']);
    expect(await fix(text)).toBe('\n# execwrap ignore-file=EW116\nexec node server.js\n');
  });

  test('`ignore-file=EW101,EW110` silences both, nothing else', async () => {
    const text = '# execwrap ignore-file=EW101,EW110\nnpm start\n';
    expect(await rules(text)).toEqual(['EW116']);
  });

  test('an unknown ID in an ignore is reported (EW100) and silences nothing', async () => {
    const text = script`
      #!/bin/sh
      # execwrap ignore=EW999
      node server.js
    `;
    expect(await rules(text)).toEqual(['EW100', 'EW101']);
  });

  test('an ignore comment can silence EW100 for the whole file', async () => {
    const text = '#!/bin/sh\n# execwrap ignore-file=EW100\n# execwrap ignore=EW999\nexec "$@"\n';
    expect(await rules(text)).toEqual([]);
  });
});
