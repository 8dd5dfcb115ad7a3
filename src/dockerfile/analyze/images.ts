/**
 * What execwrap knows about base images by name: package manager, ENTRYPOINT, stop signal. Kept in one table-like
 * module so docs/dockerfile.md can list it. Unknown images are `unknown`, never guessed.
 */
import type { ShellName } from '../../shell/parse/shells.js';

export type PackageManager = 'apt' | 'apk' | 'dnf' | 'microdnf' | 'yum' | 'unknown' | 'none';

export interface ImageRef {
  /** Repository path without registry and `library/` (`node`, `bitnami/nginx`, `distroless/nodejs20-debian12`). */
  name: string;
  tag: string;
  registry?: string;
}

export function parseImageRef(image: string): ImageRef {
  let rest = image.split('@')[0]!;
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : 'latest';
  let name = (colon > rest.lastIndexOf('/') ? rest.slice(0, colon) : rest).toLowerCase();
  if (name.startsWith('library/')) name = name.slice('library/'.length);
  return { name, tag: tag.toLowerCase(), ...(registry ? { registry: registry.toLowerCase() } : {}) };
}

/** Official images built on Debian or Ubuntu unless their tag says otherwise. */
const DEBIAN_DEFAULT = new Set([
  'debian', 'ubuntu', 'node', 'python', 'ruby', 'php', 'golang', 'openjdk', 'eclipse-temurin', 'nginx', 'httpd', 'redis',
  'postgres', 'perl', 'rust', 'gcc', 'buildpack-deps', 'wordpress', 'haproxy', 'elixir', 'erlang', 'mariadb', 'mongo',
  'rabbitmq', 'tomcat', 'maven', 'gradle', 'memcached', 'ghost', 'jenkins/jenkins', 'nginxinc/nginx-unprivileged',
  'julia', 'r-base', 'swift', 'clojure', 'pypy', 'kong', 'odoo', 'drupal', 'nextcloud', 'matomo', 'bitnami/minideb',
]);
const ALPINE_DEFAULT = new Set(['alpine', 'traefik', 'caddy', 'composer']);
const DEBIAN_TAG = /(^|[-.])(bookworm|bullseye|buster|stretch|jessie|trixie|sid|jammy|focal|bionic|noble|xenial|slim|ubuntu|debian)([-.]|$)/;

/** RHEL family: EPEL carries tini and dumb-init; `epel-release` installs from the distribution's own repositories. */
const RHEL_EPEL_RELEASE = new Set(['rockylinux', 'rockylinux/rockylinux', 'almalinux', 'centos', 'quay.io/centos/centos']);
const RHEL_NO_EPEL_RELEASE = new Set(['fedora', 'oraclelinux', 'amazonlinux', 'redhat/ubi8', 'redhat/ubi9', 'ubi8', 'ubi9', 'ubi8/ubi', 'ubi9/ubi', 'ubi7', 'ubi7/ubi']);

export interface BaseImageInfo {
  packageManager: PackageManager;
  /** RHEL family with `epel-release` in its own repositories. */
  epelRelease: boolean;
  /**
   * The base image's own ENTRYPOINT: an argv, [] for none, undefined when unknown. `passthrough` entrypoints end in
   * `exec "$@"` (after optional setup), so CMD's program is what runs.
   */
  entrypoint?: string[];
  passthrough: boolean;
  /** STOPSIGNAL the image sets, when it is not TERM. */
  stopSignal?: string;
}

export function baseImageInfo(image: string): BaseImageInfo {
  const ref = parseImageRef(image);
  const full = ref.registry ? `${ref.registry}/${ref.name}` : ref.name;
  const info: BaseImageInfo = { packageManager: 'unknown', epelRelease: false, passthrough: false };
  const last = ref.name.split('/').pop()!;
  if (ref.name === 'scratch' || /distroless/.test(full) || full.startsWith('cgr.dev/') || ref.name.startsWith('chainguard/') || ref.name === 'busybox') {
    info.packageManager = 'none';
  } else if (ref.tag.includes('alpine') || ALPINE_DEFAULT.has(ref.name) || last === 'alpine') {
    info.packageManager = 'apk';
  } else if (/ubi-?minimal|ubi\d+-minimal|ubi\d*\/ubi-minimal|-minimal$/.test(ref.name) && /ubi|rhel/.test(full)) {
    info.packageManager = 'microdnf';
  } else if (RHEL_EPEL_RELEASE.has(ref.name) || RHEL_EPEL_RELEASE.has(full)) {
    const centos7 = ref.name === 'centos' && /^7/.test(ref.tag);
    info.packageManager = centos7 ? 'yum' : 'dnf';
    info.epelRelease = true;
  } else if (RHEL_NO_EPEL_RELEASE.has(ref.name) || /(^|\/)ubi\d*(\/|$)|^ubi/.test(ref.name) || /redhat\.(com|io)$/.test(ref.registry ?? '')) {
    info.packageManager = ref.name === 'amazonlinux' && /^2($|\.0)/.test(ref.tag) ? 'yum' : 'dnf';
  } else if (DEBIAN_DEFAULT.has(ref.name) || DEBIAN_TAG.test(ref.tag) || ref.name === 'mysql' && /debian/.test(ref.tag)) {
    info.packageManager = 'apt';
  } else if (ref.name === 'mysql') {
    info.packageManager = 'microdnf';
  }

  // ENTRYPOINTs of official images (all end in `exec "$@"`).
  if (ref.name === 'node' || ref.name === 'redis' || ref.name === 'postgres' || ref.name === 'mongo' || ref.name === 'mariadb' || ref.name === 'mysql' || ref.name === 'rabbitmq') {
    info.entrypoint = ['docker-entrypoint.sh'];
    info.passthrough = true;
  } else if (ref.name === 'php') {
    info.entrypoint = ['docker-php-entrypoint'];
    info.passthrough = true;
  } else if (ref.name === 'nginx' || ref.name === 'nginxinc/nginx-unprivileged') {
    info.entrypoint = ['/docker-entrypoint.sh'];
    info.passthrough = true;
  } else if (ref.name === 'eclipse-temurin') {
    // Adds the certificates in /certificates when asked to (USE_SYSTEM_CA_CERTS), then `exec "$@"`.
    info.entrypoint = ['/__cacert_entrypoint.sh'];
    info.passthrough = true;
  } else if (/^gcr\.io\/distroless\//.test(full)) {
    info.entrypoint = distrolessEntrypoint(ref.name);
  } else if (
    ['debian', 'ubuntu', 'alpine', 'python', 'ruby', 'golang', 'perl', 'rust', 'gcc', 'buildpack-deps', 'httpd', 'openjdk', 'fedora', 'rockylinux', 'almalinux', 'centos', 'amazonlinux', 'oraclelinux', 'pypy', 'scratch', 'busybox'].includes(ref.name)
  ) {
    info.entrypoint = [];
  }

  if (ref.name === 'nginx' || ref.name === 'nginxinc/nginx-unprivileged' || (ref.name === 'php' && ref.tag.includes('fpm'))) info.stopSignal = 'SIGQUIT';
  return info;
}

/**
 * The ENTRYPOINT of Google's distroless images, from their build files: nodejs runs `/nodejs/bin/node`, python3 the
 * distribution's python (`/usr/bin/python3.11` on debian12; `/usr/bin/python3` links to it), java `java -jar`;
 * static, base and cc have none. Every interpreter image is then judged the same way (EW204).
 */
function distrolessEntrypoint(name: string): string[] {
  if (/^distroless\/nodejs/.test(name)) return ['/nodejs/bin/node'];
  if (/^distroless\/python3/.test(name)) return /debian12/.test(name) ? ['/usr/bin/python3.11'] : ['/usr/bin/python3'];
  if (/^distroless\/java/.test(name)) return ['/usr/bin/java', '-jar'];
  return [];
}

/** Package manager used by RUN lines, for bases the table does not know. */
export function packageManagerOfRun(run: string): PackageManager | undefined {
  if (/\bapt-get\b|\bapt\s+install\b/.test(run)) return 'apt';
  if (/\bapk\s+(add|update)\b/.test(run)) return 'apk';
  if (/\bmicrodnf\b/.test(run)) return 'microdnf';
  if (/\bdnf\b/.test(run)) return 'dnf';
  if (/\byum\b/.test(run)) return 'yum';
  return undefined;
}

/**
 * The image's /bin/sh, from its distribution family (docs/shells.md): dash on Debian and Ubuntu, busybox ash on
 * Alpine and the busybox image, bash (started as `sh`, so in POSIX mode) on the RHEL family. Distroless, scratch
 * and unknown bases: undefined (no shell, or not known).
 */
export function imageShell(packageManager: PackageManager, baseName: string): ShellName | undefined {
  switch (packageManager) {
    case 'apt':
      return 'dash';
    case 'apk':
      return 'busybox';
    case 'dnf':
    case 'yum':
    case 'microdnf':
      return 'bash-posix';
    case 'none':
      return baseName === 'busybox' ? 'busybox' : undefined;
    default:
      return undefined;
  }
}

export type InitName = 'tini' | 'dumb-init';

/** Where the distribution's package puts the init (SHELL-FACTS 23). */
export function initPath(init: InitName, pm: PackageManager): string {
  if (init === 'dumb-init') return '/usr/bin/dumb-init';
  return pm === 'apk' ? '/sbin/tini' : '/usr/bin/tini';
}

