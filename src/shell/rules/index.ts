import type { ScriptRule } from '../analyze/model.js';
import { EW100 } from './EW100-unknown-ignore.js';
import { EW101 } from './EW101-missing-exec.js';
import { EW102 } from './EW102-unforwarded-jobs.js';
import { EW103 } from './EW103-keep-alive.js';
import { EW104 } from './EW104-signal-names.js';
import { EW105 } from './EW105-trap-after-children.js';
import { EW106 } from './EW106-handler-no-wait.js';
import { EW107 } from './EW107-exec-misuse.js';
import { EW108 } from './EW108-exec-redirect-only.js';
import { EW109 } from './EW109-privilege-fork.js';
import { EW110 } from './EW110-script-runner.js';
import { EW111 } from './EW111-daemonizing.js';
import { EW112 } from './EW112-eval-launch.js';
import { EW113 } from './EW113-restart-loop.js';
import { EW114 } from './EW114-bashism.js';
import { EW115 } from './EW115-crlf.js';
import { EW116 } from './EW116-shebang.js';
import { EW117 } from './EW117-parse-gap.js';
import { EW118 } from './EW118-syntax-error.js';
import { EW119 } from './EW119-outdated-prelude.js';

/** Every script rule, in ID order. Adding a rule: one module in this folder, one line here, one docs page. */
export const scriptRules: readonly ScriptRule[] = [
  EW100, EW101, EW102, EW103, EW104, EW105, EW106, EW107, EW108, EW109, EW110, EW111, EW112, EW113, EW114, EW115, EW116, EW117, EW118, EW119,
];


