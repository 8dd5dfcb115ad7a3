/**
 * Services that scripts start as daemons (`service nginx start`, `/etc/init.d/ssh start`, a bare `nginx` or `cron`),
 * and the command that runs each in the foreground instead, so that it can be a job under execwrap's wrapper and get
 * the stop signal. Curated: each form says where its flags and paths come from, and what running it this way changes
 * besides the stop (the init script's other steps, the user it runs as), which is why every conversion is an unsafe
 * fix. The Debian forms are the packages' own systemd units (Debian 12: the unit's ExecStart, User= and
 * RuntimeDirectory=), which run the same programs in the foreground.
 */
import type { Node } from '../parse/shell-parser.js';
import { basename, commandArguments, commandName, literalWord } from '../parse/nodes.js';
import { programFacts } from './programs.js';

/** How the script starts the service: a service manager on Debian/Ubuntu (`service`, `/etc/init.d`), OpenRC (Alpine), or the program itself. */
export type StartedBy = 'sysv' | 'openrc' | 'program';

/** The foreground form of one daemon start. */
export interface ForegroundForm {
  /** The service, for messages (`nginx`, `php8.2-fpm`). */
  service: string;
  /** Lines that do what the init script did first and the program needs (run directories, host keys). */
  prepare: string[];
  /**
   * The command that runs it in the foreground: `replace` stands for the whole daemon command; `edits` change its
   * arguments in place (`nginx -c x` → `nginx -c x -g 'daemon off;'`), with offsets into the script.
   */
  replace?: string;
  edits?: { start: number; end: number; text: string }[];
  /** What else changes (for the unsafe fix's message). */
  changes: string;
  /** Where the foreground flags and paths come from. */
  source: string;
}

/** Why a recognised daemon has no foreground form here. */
export interface NoForm {
  service: string;
  why: string;
}

/** What any daemon turned into a job changes: its lifetime is now the container's business. */
const TIED = 'the container now lives as long as it runs (the wrapper waits for it), where the script used to leave it running on its own';

const UNIT = (name: string) => `Debian 12's ${name} systemd unit`;

/**
 * The foreground form of a daemon start, `{ why }` when the service is known but has none, or undefined when the
 * command is not a daemon start execwrap knows.
 */
export function foregroundForm(command: Node): ForegroundForm | NoForm | undefined {
  const name = commandName(command);
  if (name === undefined) return undefined;
  const args = commandArguments(command);
  const words = args.map((a) => literalWord(a) ?? a.text);
  const base = basename(name);

  // `service NAME start`, `invoke-rc.d NAME start`, `/etc/init.d/NAME start`, `rc-service NAME start`.
  if ((base === 'service' || base === 'invoke-rc.d' || base === 'rc-service') && words.length >= 2 && /^(start|restart)$/.test(words[1]!)) {
    return serviceForm(words[0]!, base === 'rc-service' ? 'openrc' : 'sysv');
  }
  if (/^\/etc\/(rc\.d\/)?init\.d\//.test(name)) return /^(start|restart)$/.test(words[0] ?? '') ? serviceForm(basename(name), 'sysv') : undefined;
  if ((base === 'apachectl' || base === 'apache2ctl') && /^(start|restart)$/.test(words[0] ?? '')) return serviceForm('apache2', 'sysv');
  if (base === 'httpd' && words[0] === '-k' && /^(start|restart)$/.test(words[1] ?? '')) {
    return replaced('httpd', [], `${name} -DFOREGROUND`, 'none: httpd -k start and -DFOREGROUND read the same configuration', OFFICIAL_HTTPD);
  }
  return programForm(command, base, args, words);
}

const OFFICIAL_HTTPD = 'the official httpd image (httpd-foreground: `exec httpd -DFOREGROUND`)';

function replaced(service: string, prepare: string[], command: string, changes: string, source: string): ForegroundForm {
  return { service, prepare, replace: command, changes, source };
}

/** A service started through its init script (`sysv`, Debian/Ubuntu naming) or OpenRC (Alpine naming). */
function serviceForm(service: string, via: 'sysv' | 'openrc'): ForegroundForm | NoForm | undefined {
  const initSteps = via === 'openrc' ? "the OpenRC script's other steps are skipped" : "the init script's other steps (its checks and defaults files) are skipped";
  // `php8.2-fpm`, or `php${PHP_VERSION}-fpm` (the version from a variable goes through as written).
  const php = /^php(\d+(?:\.\d+)?|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)-fpm$/.exec(service);
  switch (true) {
    case service === 'nginx':
      return replaced('nginx', [], "nginx -g 'daemon off;'", `${initSteps}; nginx refuses to start if its configuration already says \`daemon off;\``, 'nginx docs, core module `daemon` directive; the official nginx image (`CMD ["nginx", "-g", "daemon off;"]`)');
    case service === 'apache2' && via === 'sysv':
      return replaced('apache2', [], '(. /etc/apache2/envvars && mkdir -p "$APACHE_RUN_DIR" "$APACHE_LOCK_DIR" && exec apache2 -DFOREGROUND)', `${initSteps}`, "the official php:apache image's apache2-foreground (`. /etc/apache2/envvars`, then `exec apache2 -DFOREGROUND`); apache2ctl would keep a shell between the signal and apache2");
    case service === 'apache2' || service === 'httpd':
      return replaced(service, via === 'openrc' ? ['mkdir -p /run/apache2'] : [], 'httpd -DFOREGROUND', initSteps, OFFICIAL_HTTPD);
    case php !== null && via === 'sysv': {
      const version = php![1]!;
      const config = version.startsWith('$') ? `"/etc/php/${version}/fpm/php-fpm.conf"` : `/etc/php/${version}/fpm/php-fpm.conf`;
      return replaced(service, ['mkdir -p /run/php && chown www-data:www-data /run/php'], `php-fpm${version} --nodaemonize --fpm-config ${config}`, initSteps, `${UNIT(service)} (ExecStart) and its tmpfiles.d entry for /run/php; php-fpm(8) \`--nodaemonize\``);
    }
    case /^php-?fpm\d*$/.test(service):
      return replaced(service, [], `${service === 'php-fpm' ? 'php-fpm' : service.replace(/^php-?fpm/, 'php-fpm')} --nodaemonize`, initSteps, 'php-fpm(8) `-F, --nodaemonize`');
    case service === 'mariadb':
      return replaced('mariadb', ['install -m 755 -o mysql -g root -d /run/mysqld'], 'mariadbd --user=mysql', `${initSteps}: no upgrade check, no debian-start`, `${UNIT('mariadb')} (\`exec /usr/sbin/mariadbd\`, User=mysql) and its init script's \`install -d /run/mysqld\`; never mysqld_safe, which ignores TERM`);
    case service === 'mysql' || service === 'mysqld':
      return replaced(service, ['install -m 755 -o mysql -g root -d /run/mysqld'], 'mysqld --user=mysql', `${initSteps}: no upgrade check`, "MySQL server options (`--user`); the official mysql image runs `mysqld` itself; never mysqld_safe, which ignores TERM");
    case service === 'redis-server' || service === 'redis':
      return via === 'openrc'
        ? replaced(service, [], 'redis-server /etc/redis.conf --daemonize no', `${initSteps}; it runs as root instead of the redis user`, 'redis.conf `daemonize`; Alpine\'s redis package configuration path')
        : replaced(service, ['install -m 2755 -o redis -g redis -d /run/redis'], 'setpriv --reuid=redis --regid=redis --init-groups redis-server /etc/redis/redis.conf --daemonize no', initSteps, `${UNIT('redis-server')} (ExecStart \`--daemonize no\`, User=redis, RuntimeDirectory=redis)`);
    case service === 'memcached':
      return via === 'openrc'
        ? replaced(service, [], 'memcached -u memcached', `${initSteps}; /etc/conf.d/memcached is not read`, 'memcached(1): it runs in the foreground unless given `-d`')
        : replaced(service, [], '/usr/share/memcached/scripts/systemd-memcached-wrapper /etc/memcached.conf', initSteps, `${UNIT('memcached')} (ExecStart: the wrapper reads /etc/memcached.conf and runs memcached without \`-d\`)`);
    case service === 'cron':
      return replaced('cron', [], 'cron -f', initSteps, `${UNIT('cron')} (\`cron -f\`); cron(8) \`-f\` stays in the foreground`);
    case service === 'crond':
      return via === 'openrc'
        ? replaced('crond', [], 'crond -f', initSteps, 'busybox crond `-f` (foreground)')
        : replaced('crond', [], 'crond -n', initSteps, 'cronie crond(8) `-n` (foreground), the RHEL family\'s cron');
    case service === 'ssh' || service === 'sshd':
      return replaced(service, via === 'openrc' ? ['ssh-keygen -A'] : ['mkdir -p /run/sshd && chmod 0755 /run/sshd'], '/usr/sbin/sshd -D', initSteps, via === 'openrc' ? "sshd(8) `-D`; Alpine's OpenRC script generates the host keys (`ssh-keygen -A`)" : `${UNIT('ssh')} (\`sshd -D\`, RuntimeDirectory=sshd); sshd(8) \`-D\``);
    case service === 'rsyslog':
      return replaced('rsyslog', [], 'rsyslogd -n -iNONE', initSteps, `${UNIT('rsyslog')} (\`rsyslogd -n -iNONE\`); rsyslogd(8) \`-n\``);
    case service === 'supervisor':
      return replaced('supervisor', [], 'supervisord -n -c /etc/supervisor/supervisord.conf', initSteps, `${UNIT('supervisor')} (\`supervisord -n -c /etc/supervisor/supervisord.conf\`)`);
    case service === 'supervisord':
      return replaced('supervisord', [], 'supervisord -n -c /etc/supervisord.conf', initSteps, 'supervisord docs (`-n, --nodaemon`); the configuration path of the Alpine and RHEL packages');
    case /^postgresql/.test(service):
      return { service, why: 'its foreground command needs the cluster\'s version and data directory (`/usr/lib/postgresql/<version>/bin/postgres -D …`), which the script does not show' };
    default:
      return undefined;
  }
}

/**
 * A program that daemonises itself, started without its foreground flag: the flag is added (or `-d` taken out). Which
 * starts detach, the flag and its source come from the program table (programs.ts).
 */
function programForm(command: Node, base: string, args: Node[], words: string[]): ForegroundForm | NoForm | undefined {
  const facts = programFacts(base);
  const daemon = facts?.daemon;
  if (!facts || !daemon || !daemon.detaches(words)) return undefined;
  const append = (text: string): { start: number; end: number; text: string }[] => [{ start: command.endIndex, end: command.endIndex, text: ` ${text}` }];
  const swap = (node: Node, text: string) => [{ start: node.startIndex, end: node.endIndex, text }];
  const { source } = daemon;
  switch (facts.name) {
    case 'nginx':
      if (words.includes('-g')) return { service: 'nginx', why: 'it already has a `-g` option, which `daemon off;` would have to go into' };
      return { service: 'nginx', prepare: [], edits: append(daemon.foregroundFlag), changes: 'nginx refuses to start if its configuration already says `daemon off;` (then it was not a daemon)', source };
    case 'php-fpm': {
      const flag = args.find((a) => a.text === '-D' || a.text === '--daemonize')!;
      return { service: base, prepare: [], edits: swap(flag, daemon.foregroundFlag), changes: TIED, source };
    }
    case 'redis-server':
      return { service: 'redis-server', prepare: [], edits: swap(args[words.indexOf('--daemonize') + 1]!, 'no'), changes: TIED, source };
    case 'memcached': {
      const flag = args.find((a) => a.text === '-d' || a.text === '--daemon')!;
      // Take the flag out with the space before it.
      return { service: 'memcached', prepare: [], edits: [{ start: flag.startIndex - 1, end: flag.endIndex, text: '' }], changes: TIED, source };
    }
    case 'cron':
      return { service: 'cron', prepare: [], edits: append(daemon.foregroundFlag), changes: TIED, source };
    case 'crond':
      return { service: 'crond', prepare: [], edits: append(daemon.foregroundFlag), changes: 'busybox crond (Alpine) takes `-f`; cronie, the RHEL family\'s crond, takes `-n` instead', source };
    case 'sshd':
      return { service: 'sshd', prepare: ['mkdir -p /run/sshd && chmod 0755 /run/sshd'], edits: append(daemon.foregroundFlag), changes: TIED, source };
    case 'rsyslogd':
      return { service: 'rsyslogd', prepare: [], edits: append(daemon.foregroundFlag), changes: TIED, source };
    case 'supervisord':
      // Only a start the script goes on past is a daemon start (its `goneOnOnly`): `-n` overrides the configuration.
      return { service: 'supervisord', prepare: [], edits: append(daemon.foregroundFlag), changes: "supervisord and its programs now get the stop signal and are waited for, where they used to be killed with the container; `-n` overrides the configuration's `nodaemon`", source };
    default:
      return undefined;
  }
}

export function isNoForm(form: ForegroundForm | NoForm): form is NoForm {
  return 'why' in form;
}
