import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeScriptFile } from '../../src/app/files.js';
import { dockerfileIndex } from '../../src/manifest/analyze/images.js';
import type { ManifestOptions } from '../../src/manifest/analyze/model.js';
import { SAMPLES_DIR } from './samples.js';

/** A Kubernetes manifest or Compose sample (samples/manifests/<name>/manifest.json). */
export interface ManifestSample {
  name: string;
  dir: string;
  description: string;
  file: string;
  expect: { status: string; rules: string[] };
  /** Containers whose fixed inline script is run as PID 1: the programs to stand in for, setup programs that exit at once. */
  pid1: {
    container: string;
    programs: string[];
    setup?: string[];
    cwd?: string;
    signal?: NodeJS.Signals;
    env?: Record<string, string>;
    /** The fix (with --unsafe-fixes) moves the script into this start script: run it instead of the fixed inline script. */
    startScript?: string;
  }[];
}

export const MANIFEST_SAMPLES_DIR = join(SAMPLES_DIR, 'manifests');

export function loadManifestSamples(): ManifestSample[] {
  return readdirSync(MANIFEST_SAMPLES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(MANIFEST_SAMPLES_DIR, e.name, 'manifest.json')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(MANIFEST_SAMPLES_DIR, name);
      return { ...(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Omit<ManifestSample, 'name' | 'dir'>), name, dir };
    });
}

/** Every Dockerfile in a sample folder: what a walk of the repository would find to match the manifest's images. */
export function dockerfilesIn(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'expected') walk(join(d, entry.name));
      else if (/^(Dockerfile|Containerfile)(\..+)?$|\.Dockerfile$/.test(entry.name)) found.push(join(d, entry.name));
    }
  };
  walk(dir);
  return found;
}

/** The options `check` gives a manifest in this sample's folder. */
export function sampleOptions(dir: string, unsafeFixes = false): ManifestOptions {
  return { settings: { rules: {}, unsafeFixes }, findDockerfile: dockerfileIndex(dockerfilesIn(dir)), analyzeScript: (file) => analyzeScriptFile(file) };
}
