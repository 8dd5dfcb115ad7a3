import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/templates.js';
import { DOCS_BASE } from './findings.js';

/** A rule's documentation as SARIF's `help` carries it (GitHub code scanning shows the markdown beside an alert). */
export interface RuleHelp {
  text: string;
  markdown: string;
}

/**
 * The rule's page, docs/rules/<ID>.md (shipped in the package): the markdown is the page without its title, links
 * made absolute (a relative link means nothing inside a SARIF viewer); the text is its What and Why sections
 * with links reduced to their words.
 */
export function ruleHelp(id: string): RuleHelp {
  const page = readFileSync(join(packageRoot(), 'docs', 'rules', `${id}.md`), 'utf8').replace(/\r\n/g, '\n');
  // The title goes (SARIF has the rule's name), and the generated-region markers (comments, not text).
  const body = page.replace(/^# [^\n]*\n+/, '').replace(/^<!-- [a-z-]+:(start|end)\b[^\n]*-->\n/gm, '').trimEnd();
  const markdown = body.replace(/\]\((?![a-z]+:|#)([^)\s]+)\)/g, (_m, target: string) => `](${new URL(target, `${DOCS_BASE}/`).href})`);
  const section = (name: string) => new RegExp(`^## ${name}\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(body)?.[1]?.trim() ?? '';
  const text = [section('What'), section('Why')]
    .filter(Boolean)
    .join('\n\n')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
  return { text, markdown };
}
