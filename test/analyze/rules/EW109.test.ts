import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW109 privilege-fork', () => {
  testRule('EW109', {
    invalid: [
      {
        name: '`su - user -c` as the last line',
        code: script`
          chown -R app /data
          su - app -c "node server.js"
        `,
        findings: 1,
        line: 3,
        data: { via: 'su' },
        severity: 'error',
        fixable: false,
      },
      {
        name: '`exec su`: still reported, with the 2 s SIGKILL note',
        code: 'exec su app -c "node server.js"\n',
        findings: 1,
        data: { via: 'su', exec: 'true' },
      },
      { name: '`exec su -c`: the program runs under a shell', code: 'exec su -s /bin/sh -c "node server.js" app\n', findings: 1, data: { via: 'su', exec: 'true', shell: 'true' } },
      { name: '`runuser -u app --`', code: 'runuser -u app -- node server.js\n', findings: 1, data: { via: 'runuser' } },
      { name: '`exec runuser -u app --`: relays TERM but ends 2 s later', code: 'exec runuser -u app -- node server.js\n', findings: 1, data: { via: 'runuser', exec: 'true' } },
      { name: '`doas -u app`', shell: 'sh', code: 'doas -u app node server.js\n', findings: 1, data: { via: 'doas' } },
      {
        name: 'in one branch of the final if',
        code: script`
          if [ "$(id -u)" = 0 ]; then
            su app -c "node server.js"
          else
            exec node server.js
          fi
        `,
        findings: 1,
        line: 3,
        data: { via: 'su' },
      },
      {
        name: 'in a background job',
        code: script`
          su app -c "node worker.js" &
          node server.js &
          wait
        `,
        findings: 1,
        line: 2,
      },
    ],
    valid: [
      { name: '`exec sudo -u`: sudo relays the stop signal and ends when the program does (measured)', code: 'exec sudo -E -u appuser /app/entrypoint.user.sh "$@"\n' },
      { name: '`sudo` without exec is EW101 (`exec sudo` is the fix), not EW109', code: 'sudo /usr/sbin/sshd -D\n' },
      { name: '`exec chroot --userspec`', code: 'exec chroot --userspec=app:app / node server.js\n' },
      { name: '`exec gosu`', code: 'exec gosu app node server.js\n' },
      { name: '`exec su-exec`', shell: 'sh', code: 'exec su-exec app node server.js\n' },
      { name: '`exec setpriv`', code: 'exec setpriv --reuid=app --regid=app --init-groups node server.js\n' },
      { name: 'su during setup, then exec', code: script`
          su postgres -c "initdb -D /data"
          exec gosu postgres postgres -D /data
        ` },
    ],
  });
});
