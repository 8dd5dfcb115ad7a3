import { basename, dirname } from 'node:path';
import { parseImageRef } from '../../dockerfile/analyze/images.js';

/**
 * Which Dockerfile in the repository builds an image a manifest names: the image's last path component
 * (`ghcr.io/acme/api:1.4` → `api`) equals the Dockerfile's folder name, or the name in `Dockerfile.api` /
 * `api.Dockerfile`. Only an unambiguous match counts; the build context is taken as the Dockerfile's folder.
 */
export function dockerfileIndex(dockerfiles: readonly string[]): (image: string) => { dockerfile: string; context: string } | undefined {
  const byName = new Map<string, string[]>();
  const add = (name: string, file: string) => {
    const key = name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), file]);
  };
  for (const file of dockerfiles) {
    const name = basename(file).toLowerCase();
    const suffix = /^(?:dockerfile|containerfile)\.(.+)$/.exec(name)?.[1] ?? /^(.+)\.(?:dockerfile|containerfile)$/.exec(name)?.[1];
    if (suffix) add(suffix, file);
    else add(basename(dirname(file)), file);
  }
  return (image) => {
    const last = parseImageRef(image).name.split('/').pop();
    if (last === undefined || /[{$]/.test(image)) return undefined;
    const found = byName.get(last);
    return found?.length === 1 ? { dockerfile: found[0]!, context: dirname(found[0]!) } : undefined;
  };
}
