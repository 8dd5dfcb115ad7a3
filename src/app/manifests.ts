/**
 * The CLI's side of Kubernetes manifests and Compose files: which files are manifests, standard input, and the
 * options the manifest analysis takes from the repository around it (Dockerfiles that build its images).
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { NewFile } from '../core/model.js';
import type { Settings } from '../core/settings.js';
import { isComposeName, isYamlName, manifestKind, manifestKindOf } from '../manifest/analyze/detect.js';
import { dockerfileIndex } from '../manifest/analyze/images.js';
import type { ManifestOptions } from '../manifest/analyze/model.js';
import { InputError } from '../core/errors.js';
import { decodeSource, type SourceFile } from '../core/source.js';
import type { FileReport } from '../report/file-report.js';
import { analyzeScriptFile, readSource, writeTemporaryBeside } from './files.js';

/** The path standard input goes by: `execwrap check -` (`helm template . | execwrap check -`). */
export const STDIN_PATH = '-';

/** A file given by name that is a manifest: a YAML or Compose name (its content decides which kind, or that it is neither). */
export function isManifestPath(path: string): boolean {
  return isComposeName(path) || isYamlName(path);
}

let stdinText: SourceFile | undefined;

/** Standard input, read once (check and its fix both need it). */
export function readStdin(): SourceFile {
  stdinText ??= decodeSource(STDIN_PATH, readFileSync(0));
  return stdinText;
}

export function manifestOptions(settings: Settings, dockerfiles: readonly string[]): ManifestOptions {
  return {
    settings,
    findDockerfile: dockerfileIndex(dockerfiles),
    analyzeScript: (file) => analyzeScriptFile(file, settings),
  };
}

/**
 * A manifest among the paths `check` was given: its report, `skipped` (an unrendered Helm template met while walking a
 * directory: said on stderr, not an error), or undefined when the path is not a manifest (a script, a Dockerfile).
 */
export async function checkManifestPath(
  path: string,
  settings: Settings,
  dockerfiles: readonly string[],
  explicit: boolean,
  stderr: (text: string) => void,
): Promise<FileReport | 'skipped' | undefined> {
  let source: SourceFile;
  if (path === STDIN_PATH) {
    source = readStdin();
    if (!manifestKindOf(source.text)) return undefined;
  } else {
    if (!isManifestPath(path)) return undefined;
    source = readSource(path);
    if (!manifestKind(path, source.text)) {
      if (!explicit) return 'skipped';
      throw new InputError('not a Kubernetes manifest (apiVersion and kind) or a Compose file (services:)', path);
    }
  }
  try {
    // Loaded only when there is a manifest: the yaml package is not part of a script check's start-up.
    const { analyzeManifest } = await import('../manifest/analyze-manifest.js');
    const report = await analyzeManifest(source, manifestOptions(settings, dockerfiles));
    return { path, type: 'manifest', report };
  } catch (error) {
    if (!(error instanceof InputError) || explicit || !/\{\{/.test(source.text)) throw error;
    stderr(`execwrap: ${path}: skipped: an unrendered template (${error.reason.replace(/ \(a Helm template\?.*$/, '')}); check what it renders to: \`helm template … | execwrap check -\`\n`);
    return 'skipped';
  }
}

/** Whether `fix` is given a manifest: by name and content, or standard input whose content is one. */
export function isManifestSource(path: string, source: SourceFile): boolean {
  if (path === STDIN_PATH) return manifestKindOf(source.text) !== undefined;
  if (!isManifestPath(path)) return false;
  // A YAML file that is neither (a CI workflow, Helm values) is not a start script either.
  if (manifestKind(path, source.text) === undefined) throw new InputError('not a Kubernetes manifest (apiVersion and kind) or a Compose file (services:)', path);
  return true;
}

/** A diff that creates each new file (`git apply` takes it), paths relative to the current directory. */
export async function newFilesDiff(files: readonly NewFile[]): Promise<string> {
  const { newFileDiff } = await import('../report/diff.js');
  return files.map((f) => newFileDiff(relative(process.cwd(), f.path).split('\\').join('/'), f.text, f.mode)).join('');
}

/** Writes the files a fix creates: atomically, with their mode; one that exists with other content is refused. */
export async function writeNewFiles(files: readonly NewFile[]): Promise<void> {
  for (const file of files) {
    if (existsSync(file.path)) {
      if (readFileSync(file.path, 'utf8') === file.text) continue;
      throw new InputError('exists already with other content; nothing written', file.path);
    }
    const temporary = await writeTemporaryBeside(file.path, file.text, file.mode);
    const { link, unlink } = await import('node:fs/promises');
    try {
      await link(temporary, file.path); // fails if the file appeared meanwhile: never overwritten
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }
}
