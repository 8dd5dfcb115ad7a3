import type { LineEnding } from '../../core/source.js';
import { loadTemplate } from '../../core/templates.js';
import { jsonArray } from '../../shell/render/shell-quote.js';
import type { InitName, PackageManager } from './images.js';

/** Package managers execwrap installs an init with (RHEL family only where `epel-release` is available). */
export type InstallManager = 'apt' | 'apk' | 'dnf' | 'yum';

/** The lines that install the init (templates/dockerfile-init-install.hbs), each ended with the file's line ending. */
export function renderInitInstall(opts: { init: InitName; manager: InstallManager; user?: string; eol: LineEnding }): string {
  const text = loadTemplate('dockerfile-init-install.hbs')({
    init: opts.init,
    package: opts.init,
    apt: opts.manager === 'apt',
    apk: opts.manager === 'apk',
    dnf: opts.manager === 'dnf',
    yum: opts.manager === 'yum',
    asRoot: opts.user !== undefined,
    user: opts.user ?? '',
  });
  return toLines(text, opts.eol);
}

/** An exec-form instruction line (templates/dockerfile-instruction.hbs). */
export function renderInstruction(keyword: string, argv: readonly string[], eol: LineEnding): string {
  return toLines(loadTemplate('dockerfile-instruction.hbs')({ keyword, arguments: jsonArray(argv) }), eol);
}

function toLines(text: string, eol: LineEnding): string {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l + eol)
    .join('');
}

export function installManager(pm: PackageManager, epelRelease: boolean): InstallManager | undefined {
  if (pm === 'apt' || pm === 'apk') return pm;
  if ((pm === 'dnf' || pm === 'yum') && epelRelease) return pm;
  return undefined;
}
