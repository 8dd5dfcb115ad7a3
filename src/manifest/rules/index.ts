import type { ManifestRule } from '../analyze/analyzed.js';
import { EW301 } from './EW301-inline-shell.js';
import { EW302 } from './EW302-compose-init.js';
import { EW303 } from './EW303-prestop-sleep.js';
import { EW304 } from './EW304-operators-without-shell.js';

/** Every manifest rule (Kubernetes and Compose), in ID order. Adding a rule: one module here, one line, one docs page. */
export const manifestRules: readonly ManifestRule[] = [EW301, EW302, EW303, EW304];
