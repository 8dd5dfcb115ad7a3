import { isAbsolute, relative } from 'node:path';
import { diffLines } from 'diff';
import type * as Sarif from 'sarif';
import { defaultSeverity, hasFixes, isApplied, kindOf, type Finding, type Fix, type Severity, type TextEdit } from '../core/model.js';
import { VERSION } from '../core/version.js';
import { allRules, ruleById } from '../registry/index.js';
import { linesOf, type ReportedFile } from './file-report.js';
import { resolveFinding } from './findings.js';
import { ruleHelp } from './rule-help.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/execwrap/execwrap';

/** Per file, the edits that together make it what `execwrap fix` writes (see `wholeFileFix`). */
export type FileFixes = Map<ReportedFile, readonly Fix[]> | ((file: ReportedFile) => readonly Fix[] | undefined);

export interface SarifOptions {
  /**
   * Whole-file fixes, for callers that ran `fixScript`/`fixDockerfile`. A finding's own fix is what the first
   * pass applies; some files need several passes (a fix that enables another), so only the whole-file fix is
   * guaranteed to turn the original into what `execwrap fix` writes. When given for a file, its fixes become
   * one SARIF fix (all edits, one artifact change) attached to every result of that file whose finding has a
   * fix, in place of the finding's own. Files it gives nothing for keep the findings' own fixes.
   */
  fixes?: FileFixes;
  /**
   * Whether the whole-file fixes include unsafe fixes (`--unsafe-fixes`). When they do not, a finding whose fix
   * is unsafe keeps its own fix, described as a suggestion that may change more than the stop.
   */
  unsafeFixes?: boolean;
}

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0: one run, every rule execwrap has (with its docs page as `help`), one result per finding. Columns and character offsets count
 * UTF-16 code units of the decoded text (without a byte order mark), as the rest of execwrap does; `endColumn`
 * is exclusive, as SARIF defines it. Replacements in a fix are sorted, do not overlap, and their offsets refer
 * to the original text.
 */
export function sarifReport(files: readonly ReportedFile[], options: SarifOptions = {}): string {
  const ruleIndex = new Map(allRules.map((rule, index) => [rule.id, index]));
  const results: Sarif.Result[] = [];
  for (const file of files) {
    const uri = artifactUri(file.path);
    const lines = linesOf(file);
    const override = fileFixes(options.fixes, file);
    const whole = override ? sarifFix(uri, override.flatMap((fix) => fix.edits), 'Apply every change `execwrap fix` makes to this file') : undefined;
    for (const finding of file.report.findings) {
      const resolved = resolveFinding(lines, finding);
      const result: Sarif.Result = {
        ruleId: finding.rule,
        ruleIndex: ruleIndex.get(finding.rule)!,
        level: LEVEL[finding.severity],
        message: { text: resolved.message },
        // The kind of finding (the rule page's kinds table) in the result's property bag: several kinds share a rule ID.
        properties: { kind: resolved.kind },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri },
              region: { startLine: resolved.line, startColumn: resolved.column, endLine: resolved.endLine, endColumn: resolved.endColumn },
            },
          },
        ],
      };
      const applied = finding.fix && isApplied(finding.fix, options.unsafeFixes);
      const fix =
        finding.fix &&
        (override && applied
          ? whole
          : sarifFix(uri, finding.fix.edits, fixDescription(finding, applied === true)));
      if (fix) result.fixes = [fix];
      results.push(result);
    }
  }
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'execwrap',
            informationUri: INFORMATION_URI,
            version: VERSION,
            rules: allRules.map((rule) => ({
              id: rule.id,
              name: rule.name,
              shortDescription: { text: rule.description },
              fullDescription: {
                text: `${rule.description} ${hasFixes(rule) ? 'Findings of this rule usually carry a fix (`execwrap fix`).' : 'execwrap reports this but does not rewrite it.'}`,
              },
              helpUri: rule.docs,
              // Code scanning shows `help` beside every alert, and requires it (the SARIF Multitool's GH2012).
              help: ruleHelp(rule.id),
              defaultConfiguration: { level: LEVEL[defaultSeverity(rule)] },
              properties: { tags: [rule.id.startsWith('EW2') ? 'dockerfile' : rule.id.startsWith('EW3') ? 'kubernetes' : 'shell', 'reliability'] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A finding's own fix, in its kind's words (the fix title), and whether it may change more than the stop. */
function fixDescription(finding: Finding, applied: boolean): string {
  const title = kindOf(ruleById(finding.rule), finding.kind).fixTitle ?? "Apply execwrap's fix";
  return applied
    ? `${title} (${finding.rule})`
    : `Unsafe fix for ${finding.rule}: ${title} (may change more than the stop; \`execwrap fix --unsafe-fixes\` applies it)`;
}

/**
 * The edits that turn `before` into `after`, one per changed run of lines: what callers pass as a whole-file
 * fix after `fixScript`/`fixDockerfile` (texts without BOM, as `SourceFile.text` and `FixResult.text` are).
 */
export function wholeFileFix(before: string, after: string): Fix {
  const edits: TextEdit[] = [];
  let offset = 0;
  for (const change of diffLines(before, after)) {
    if (change.added) {
      const last = edits[edits.length - 1];
      if (last && last.end === offset) last.text += change.value;
      else edits.push({ start: offset, end: offset, text: change.value });
    } else if (change.removed) {
      const last = edits[edits.length - 1];
      if (last && last.end === offset) last.end += change.value.length;
      else edits.push({ start: offset, end: offset + change.value.length, text: '' });
      offset += change.value.length;
    } else {
      offset += change.value.length;
    }
  }
  return { edits };
}

/**
 * A report path as reporters print it: relative (an absolute path is made relative to the current directory)
 * with `/` separators and no leading `./`, so outputs are the same on every machine and operating system.
 */
export function reportPath(path: string): string {
  const rel = isAbsolute(path) ? relative(process.cwd(), path) : path;
  return rel.split('\\').join('/').replace(/^(?:\.\/)+/, '');
}

/** A relative URI reference: each path segment percent-encoded (spaces, `#`, `%`, a `:` that would read as a scheme). */
export function artifactUri(path: string): string {
  return reportPath(path)
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function fileFixes(fixes: FileFixes | undefined, file: ReportedFile): readonly Fix[] | undefined {
  if (!fixes) return undefined;
  return typeof fixes === 'function' ? fixes(file) : fixes.get(file);
}

/** Undefined when there is nothing to change, or when edits overlap (the applier would refuse such a fix too). */
function sarifFix(uri: string, edits: readonly TextEdit[], description: string): Sarif.Fix | undefined {
  if (edits.length === 0) return undefined;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const [previous, edit] = [sorted[i - 1]!, sorted[i]!];
    if (edit.start < previous.end || (edit.start === previous.start && edit.start === edit.end && previous.start === previous.end)) return undefined;
  }
  const replacements = sorted.map(
      (edit): Sarif.Replacement => ({
        deletedRegion: { charOffset: edit.start, charLength: edit.end - edit.start },
        insertedContent: { text: edit.text },
      }),
    );
  return { description: { text: description }, artifactChanges: [{ artifactLocation: { uri }, replacements }] };
}
