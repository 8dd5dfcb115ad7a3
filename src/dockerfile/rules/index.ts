import type { DockerfileRule } from '../analyze/model.js';
import { EW201 } from './EW201-shell-form.js';
import { EW202 } from './EW202-invalid-exec-form.js';
import { EW203 } from './EW203-shell-c-wrapper.js';
import { EW204 } from './EW204-missing-init.js';
import { EW205 } from './EW205-stop-signal.js';
import { EW206 } from './EW206-group-signal-init.js';
import { EW207 } from './EW207-script-not-in-context.js';
import { EW208 } from './EW208-not-checked.js';

/** Every Dockerfile rule, in ID order. Adding a rule: one module in this folder, one line here, docs/dockerfile.md. */
export const dockerfileRules: readonly DockerfileRule[] = [EW201, EW202, EW203, EW204, EW205, EW206, EW207, EW208];
