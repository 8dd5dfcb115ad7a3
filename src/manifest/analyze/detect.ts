import { basename, extname } from 'node:path';

/** `compose.yaml`, `compose.yml`, `docker-compose.yml`, `docker-compose.prod.yaml`, … */
export function isComposeName(path: string): boolean {
  const name = basename(path).toLowerCase();
  return /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/.test(name) || /^docker-compose[\w.-]*\.ya?ml$/.test(name);
}

export function isYamlName(path: string): boolean {
  const extension = extname(path).toLowerCase();
  return extension === '.yaml' || extension === '.yml';
}

/**
 * What a YAML text is, from its content: a Kubernetes manifest has documents with `apiVersion` and `kind` at the top
 * level; a Compose file has a top-level `services:` mapping. Cheap line tests, before any parsing.
 */
export function manifestKindOf(text: string): 'kubernetes' | 'compose' | undefined {
  if (/^apiVersion:[ \t]*\S/m.test(text) && /^kind:[ \t]*\S/m.test(text)) return 'kubernetes';
  if (/^services:[ \t]*(#.*)?$/m.test(text) || /^services:[ \t]*\{/m.test(text)) return 'compose';
  return undefined;
}

/** What text read from standard input is: a manifest, a Dockerfile, or (otherwise) a start script. */
export function stdinKindOf(text: string): 'kubernetes' | 'compose' | 'dockerfile' | 'script' {
  const manifest = manifestKindOf(text);
  if (manifest) return manifest;
  const firstInstruction = text
    .replace(/^\ufeff/, '')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('#'));
  if (!text.startsWith('#!') && firstInstruction !== undefined && /^(FROM|ARG)\s/i.test(firstInstruction)) return 'dockerfile';
  return 'script';
}

/** The kind of a manifest from its content (or a Compose file name); undefined when it is neither. */
export function manifestKind(path: string, text: string): 'kubernetes' | 'compose' | undefined {
  return manifestKindOf(text) ?? (isComposeName(path) ? 'compose' : undefined);
}
