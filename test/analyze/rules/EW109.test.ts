import { describe } from 'vitest';
import { script, testRule } from '../../helpers/rule-tester.js';

describe('EW109 privilege-fork', () => {
  testRule('EW109', {
    invalid: [
      {
        name: '`su - user -c` as the last line: `exec setpriv … sh -c "… exec prog"` as an unsafe fix',
        code: script`
          chown -R app /data
          su - app -c "cd /data && node server.js"
        `,
        findings: 1,
        line: 3,
        data: { via: 'su', shell: 'true', fix: 'unsafe', user: 'app', login: 'true' },
        severity: 'error',
        unsafe: true,
        output: script`
          chown -R app /data
          exec setpriv --reuid=app --regid="$(id -g app)" --init-groups sh -c "cd /data && exec node server.js"
        `,
      },
      {
        name: '`exec su … -c`: the exec stays, su goes',
        code: 'exec su app -c "node server.js"\n',
        findings: 1,
        data: { via: 'su', exec: 'true' },
        unsafe: true,
        output: 'exec setpriv --reuid=app --regid="$(id -g app)" --init-groups sh -c "exec node server.js"\n',
      },
      {
        name: '`exec su -s /bin/bash -c …`: the named shell runs the string',
        code: 'exec su -s /bin/bash -c "source ~/.profile; ruby app.rb" app\n',
        findings: 1,
        data: { via: 'su', exec: 'true', shell: 'true' },
        unsafe: true,
        output: 'exec setpriv --reuid=app --regid="$(id -g app)" --init-groups /bin/bash -c "source ~/.profile; exec ruby app.rb"\n',
      },
      {
        name: '`runuser -u app --`: setpriv with the same argv',
        code: 'runuser -u app -- node server.js --port 80\n',
        findings: 1,
        data: { via: 'runuser', user: 'app' },
        unsafe: true,
        output: 'exec setpriv --reuid=app --regid="$(id -g app)" --init-groups node server.js --port 80\n',
      },
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
        unsafe: true,
        outputContains: ['  exec setpriv --reuid=app --regid="$(id -g app)" --init-groups sh -c "exec node server.js"\nelse'],
      },
      { name: '`doas -u app`: reported, no fix', shell: 'sh', code: 'doas -u app node server.js\n', findings: 1, data: { via: 'doas' }, fixable: false },
      { name: 'a user from a variable: no fix', code: 'su "$APP_USER" -c "node server.js"\n', findings: 1, fixable: false },
      { name: 'a command string whose last command is a builtin: no fix', code: 'su app -c "cd /data"\n', findings: 1, fixable: false },
      {
        name: 'in a background job: reported, no fix of its own',
        code: script`
          su app -c "node worker.js" &
          node server.js &
          wait
        `,
        findings: 1,
        line: 2,
        fixable: false,
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
