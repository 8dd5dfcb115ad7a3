import type { Document, Node as YamlNode, Scalar, YAMLMap } from 'yaml';
import type { ScriptReport } from '../../shell/analyze-script.js';
import type { Settings } from '../../core/settings.js';
import type { MappedText } from './mapped-text.js';

export type ManifestKind = 'kubernetes' | 'compose';

/** One word of a command line as the runtime passes it to the program, with where it is written. */
export interface CommandWord {
  text: MappedText;
  /** The YAML scalar it is read from (a Compose string form gives several words from one scalar). */
  node: Scalar;
  field: CommandField;
  /** Index of the scalar in its field's list (0 for a string form). */
  item: number;
}

/** Kubernetes `command`/`args`, Compose `entrypoint`/`command`. */
export interface CommandField {
  /** As written: `command`, `args`, `entrypoint`. */
  name: string;
  /** Which image setting it replaces. */
  replaces: 'ENTRYPOINT' | 'CMD';
  key: Scalar;
  value: YamlNode | null;
  /** `list`: a YAML sequence; `string`: Compose's string form, split like a shell would (without running one). */
  form: 'list' | 'string' | 'empty' | 'other';
  words: CommandWord[];
  /**
   * Compose string form: where the split stopped at an unquoted `;`, `&`, `|`, `<` or `>` (compose-go splits with
   * go-shellwords, which drops the rest), as an offset into the file.
   */
  droppedFrom?: { offset: number; text: string };
}

/** `lifecycle.preStop` of a container. */
export interface PreStop {
  /** Seconds it sleeps (`exec: [sleep, N]`, `sh -c "sleep N"`, or the `sleep.seconds` action), when it does. */
  sleepSeconds?: number;
  node: YamlNode;
}

/** A container of a Kubernetes pod template, or a Compose service: what runs as PID 1 and how it is stopped. */
export interface Workload {
  kind: ManifestKind;
  /** `Deployment/api`, `CronJob/backup`; for Compose `services`. */
  owner: string;
  /** Container or service name. */
  name: string;
  role: 'container' | 'initContainer' | 'service';
  documentIndex: number;
  map: YAMLMap;
  /** Where findings about the container as a whole point: its `name:` value (Compose: the service key). */
  anchor: { start: number; end: number };
  image?: string;
  /** The image's ENTRYPOINT / CMD replacements (Kubernetes `command`/`args`, Compose `entrypoint`/`command`). */
  entrypoint?: CommandField;
  cmd?: CommandField;
  /** The shell this runs is not PID 1 of the container: why (`hostPID`, `shareProcessNamespace`, `pid: host`). */
  sharedPid?: string;
  /** Compose `init: true`. */
  composeInit?: { value: boolean; node: YamlNode };
  /** `stop_signal` (Compose) or `lifecycle.stopSignal` (Kubernetes 1.33+). */
  stopSignal?: { value: string; node: YamlNode };
  /** Grace period before SIGKILL: `terminationGracePeriodSeconds` (pod), `stop_grace_period` (Compose). */
  grace: { seconds: number; node?: YamlNode; source: 'manifest' | 'default' };
  preStop?: PreStop;
  /** Compose `build:`: the image is built from this context (absolute path) and Dockerfile. */
  build?: { context: string; dockerfile: string };
  /** Compose bind mounts of files (`./start.sh:/start.sh`): host path (absolute) by container path. */
  binds: Map<string, string>;
  /** Compose `volumes:` of the service, for a fix that mounts a start script. */
  volumes?: { key: Scalar; value: YamlNode };
}

export interface ParsedManifest {
  kind: ManifestKind;
  documents: Document[];
  workloads: Workload[];
}

export interface ManifestOptions {
  settings?: Pick<Settings, 'rules' | 'unsafeFixes' | 'knownRuleIds'>;
  /** Finds a Dockerfile in the repository that builds this image (`ghcr.io/acme/api:1.2`), when there is one. */
  findDockerfile?: (image: string) => { dockerfile: string; context: string } | undefined;
  /** Analyses a start script found through a Compose bind mount or a Dockerfile (absolute path). */
  analyzeScript?: (file: string) => Promise<ScriptReport | undefined>;
  /** Start scripts a fix of an earlier pass writes (not on disk yet), by absolute path: analysed as if they were. */
  pendingFiles?: ReadonlyMap<string, string>;
}

/** A Dockerfile in the repository that builds a workload's image (Compose `build:`, or an image name that matches). */
export interface BuiltImage {
  dockerfile: string;
  context: string;
  /** The Dockerfile's path as findings show it (relative to the manifest's folder). */
  display: string;
  /** The image at the root of its final stage (what `/bin/sh` is). */
  baseImage?: string;
  /** Its ENTRYPOINT as the image runs it (exec form; [] when none), when known. */
  entrypoint?: string[];
}
