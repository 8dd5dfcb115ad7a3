/** `verify --engine --compare`: the image folder copied and fixed as `execwrap migrate --write` would fix it. */
import { cpSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { InputError, UsageError } from '../../core/errors.js';
import type { Settings } from '../../core/settings.js';
import type { EngineVariant } from './engine.js';

export interface FixedCopy {
  dir: string;
  variant: EngineVariant;
  changed: string[];
  notes: string[];
}

/** Copies the image folder and fixes the copy with migrate's own plan (the Dockerfile and the scripts it runs). */
export async function fixedCopy(context: string, dockerfile: string, settings: Settings, dir: string): Promise<FixedCopy> {
  const rel = relative(context, dockerfile);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new UsageError(`--compare fixes the image folder in a copy: the Dockerfile (${dockerfile}) must be inside it (${context})`);
  }
  const copy = join(dir, 'context');
  cpSync(context, copy, { recursive: true, verbatimSymlinks: true });
  const { applyPlan, planMigration } = await import('../migrate.js');
  // The copy is not where the user's ignorePaths point: it is fixed whole, as the build sees it.
  const plan = await planMigration(copy, { init: settings.init ?? 'tini', settings: { ...settings, ignorePaths: [], baseDir: copy } });
  const posixRel = rel.split('\\').join('/');
  const row = plan.rows.find((r) => r.file === posixRel);
  if (row?.status === 'error') throw new InputError(`execwrap cannot fix it, so there is nothing to compare: ${row.notChanged ?? 'not read'}`, dockerfile);
  const unwritten = await applyPlan(plan);
  if (unwritten.length > 0) throw new InputError(`the temporary copy could not be fixed: ${unwritten.map((e) => e.message).join('; ')}`, context);
  const notes = plan.rows.filter((r) => r.notChanged !== undefined && r.status === 'error').map((r) => `${r.file}: not changed: ${r.notChanged}`);
  for (const r of plan.rows) if (r.suggested.length > 0) notes.push(`${r.file}: unsafe fix not applied: ${r.suggested.join(' ')} ("unsafeFixes": true in the config applies it)`);
  if (posixRel.includes('/')) notes.push(`the Dockerfile is not at the top of the folder: its COPY sources were resolved against its own folder, as \`execwrap migrate\` does`);
  return {
    dir,
    variant: { variant: 'fixed', source: { kind: 'build', context: copy, dockerfile: join(copy, rel) } },
    changed: plan.changes.map((c) => c.file.relative),
    notes,
  };
}

