/**
 * Requests that stop a server the script itself started: what an entrypoint does to end the temporary server it ran
 * for initialisation (the MariaDB entrypoint's `mysqladmin shutdown`, `echo SHUTDOWN | mysql`, `pg_ctl stop`,
 * `mongod --shutdown`, `service mysql stop`). A server stopped this way before the launch is setup, not a launched
 * program. Each request names the family of servers it can stop, so that `mysqladmin shutdown` does not end an
 * `nginx &` started beside it.
 */
import type { Node } from '../parse/shell-parser.js';
import { basename, commandArguments, commandName, literalWord } from '../parse/nodes.js';

/** Servers (and the service names their init scripts go by), by family. */
const FAMILIES: Record<string, readonly string[]> = {
  mysql: ['mysqld', 'mariadbd', 'mysqld_safe', 'mariadbd-safe', 'mariadb-safe', 'mysql', 'mariadb'],
  postgres: ['postgres', 'postmaster', 'postgresql', 'pg_ctl'],
  redis: ['redis-server', 'redis'],
  mongo: ['mongod', 'mongodb'],
  rabbitmq: ['rabbitmq-server'],
  nginx: ['nginx'],
  apache: ['httpd', 'apache2'],
};

/** The family of a server or service name (`mysqld`, `postgresql`), if it has one here. */
export function serverFamily(name: string): string | undefined {
  const base = basename(name);
  return Object.keys(FAMILIES).find((family) => FAMILIES[family]!.includes(base));
}

/** The text that feeds a command: its own heredoc or here-string, or the pipeline it reads from (`echo SHUTDOWN | mysql`). */
function inputText(command: Node): string {
  let node = command;
  while (node.parent && (node.parent.type === 'pipeline' || node.parent.type === 'redirected_statement')) node = node.parent;
  return node.text;
}

/** What a stop request ends: a family of servers, a service or program by name, or (a PID read from a file) any. */
export interface StopRequest {
  family?: string;
  service?: string;
  any?: boolean;
}

/**
 * What a command stops, when it is a stop request: the family of server, or the service name for `service NAME stop`
 * (matched by name as well as by family). Undefined when it is not a stop request.
 */
export function stopRequest(command: Node): StopRequest | undefined {
  const name = commandName(command);
  if (name === undefined) return undefined;
  const base = basename(name);
  const words = commandArguments(command).map((a) => literalWord(a) ?? a.text);
  const has = (pattern: RegExp) => words.some((w) => pattern.test(w));
  const service = (serviceName: string) => ({ service: serviceName, ...(serverFamily(serviceName) ? { family: serverFamily(serviceName)! } : {}) });
  switch (base) {
    case 'pkill': case 'killall': { // `pkill mysqld`, `killall -w mysqld`
      const target = words.filter((w) => !w.startsWith('-')).pop();
      return target === undefined || words.includes('-0') ? undefined : service(basename(target));
    }
    case 'kill': { // `kill $(pidof mysqld)`, `kill "$(cat "$PIDFILE")"` (MySQL 5.7's first entrypoints)
      const named = /\$\(\s*(?:pidof|pgrep)\s+(?:-\S+\s+)*([\w./-]+)/.exec(words.join(' '));
      if (named) return service(basename(named[1]!));
      return /\$\(\s*(?:cat\s|<)/.test(words.join(' ')) && !words.includes('-0') ? { any: true } : undefined;
    }
    case 'mysqladmin': case 'mariadb-admin': // blocks until the shutdown is complete over a local socket
      return has(/^shutdown$/i) ? { family: 'mysql' } : undefined;
    case 'mysql': case 'mariadb': // `mysql -e 'SHUTDOWN'`, `mysql <<<'SHUTDOWN'`, `echo 'SHUTDOWN;' | mysql`
      return /\bshutdown\b/i.test(inputText(command)) ? { family: 'mysql' } : undefined;
    case 'pg_ctl': case 'pg_ctlcluster':
      return has(/^stop$/) ? { family: 'postgres' } : undefined;
    case 'redis-cli':
      return has(/^shutdown$/i) ? { family: 'redis' } : undefined;
    case 'mongod':
      return has(/^--shutdown$/) ? { family: 'mongo' } : undefined;
    case 'mongo': case 'mongosh':
      return /shutdownServer/.test(inputText(command)) ? { family: 'mongo' } : undefined;
    case 'rabbitmqctl':
      return has(/^(stop|shutdown)$/) ? { family: 'rabbitmq' } : undefined;
    case 'nginx':
      return words.some((w, i) => w === '-s' && /^(stop|quit)$/.test(words[i + 1] ?? '')) ? { family: 'nginx' } : undefined;
    case 'apachectl': case 'apache2ctl': case 'httpd': case 'apache2':
      return has(/^(stop|graceful-stop)$/) ? { family: 'apache' } : undefined;
    case 'service': case 'invoke-rc.d': case 'rc-service':
      return words.length >= 2 && words[1] === 'stop' ? service(words[0]!) : undefined;
    case 'systemctl':
      return words[0] === 'stop' && words.length >= 2 ? service(words[1]!.replace(/\.service$/, '')) : undefined;
  }
  if (/^\/etc\/(rc\.d\/)?init\.d\//.test(name)) return words[0] === 'stop' ? service(base) : undefined;
  return undefined;
}

/**
 * Does `request` stop a server started as `program` (its name; undefined when the script only knows it at run time,
 * `"$@" --skip-networking &`, which any request may stop)?
 */
export function stops(request: StopRequest, program: string | undefined): boolean {
  if (program === undefined || request.any === true) return true;
  if (request.service !== undefined && basename(program) === request.service) return true;
  return request.family !== undefined && serverFamily(program) === request.family;
}
