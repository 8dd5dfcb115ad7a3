import { NotApplicableError } from '../../core/errors.js';
import type { ParsedDockerfile } from './parse.js';

/** Every instruction Docker knows; anything else fails the build ("unknown instruction"). */
const KEYWORDS = new Set([
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD',
  'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
]);

/** Instructions whose words execwrap reads to decide what PID 1 is: a placeholder there makes every reading a guess. */
const READ_INSTRUCTIONS = new Set(['FROM', 'ENTRYPOINT', 'CMD', 'SHELL', 'COPY', 'ADD', 'USER', 'WORKDIR', 'STOPSIGNAL']);

/** Go and Jinja templates (`{{ … }}`, `{% … %}`), docker-library's `%%VAR%%`, ERB (`<% … %>`), autoconf `@VAR@`. */
const MARKER = /\{\{|\{%|%%[A-Za-z0-9_]+%%|<%|@[A-Z][A-Z0-9_]*@/;

/** Names that say the file is a template of a Dockerfile, not one (`Dockerfile.template`, `Dockerfile.jinja2`). */
const TEMPLATE_NAME = /\.(j2|jinja2?|tmpl|tpl|template|mustache|hbs|handlebars|erb|ejs|njk|m4|in|gotmpl)$/i;

/**
 * Refuses a template (docker-library's `Dockerfile.template`, webdevops' `Dockerfile.jinja2`): its FROM, CMD or
 * COPY lines hold placeholders, so the base image, the package manager and the start script would all be guesses.
 * A `{{ … }}` inside a RUN line (`docker inspect --format '{{.State}}'`) is left alone: Docker reads it as text.
 */
export function refuseTemplate(path: string, text: string, parsed: ParsedDockerfile): void {
  const templateName = TEMPLATE_NAME.test(path);
  const lineText = (line: number) => text.split('\n')[line - 1]?.trim().slice(0, 60) ?? '';
  for (const instr of parsed.instructions) {
    const unknown = !KEYWORDS.has(instr.keyword);
    const read = READ_INSTRUCTIONS.has(instr.keyword);
    const marked = MARKER.test(instr.keyword) || MARKER.test(instr.args);
    if (marked && (unknown || read || templateName)) {
      throw new NotApplicableError(`a template, not a Dockerfile (line ${instr.line}: \`${lineText(instr.line)}\`): not edited; fix the Dockerfiles it generates`, path, 'template', instr.line);
    }
  }
  if (templateName && parsed.stages.length === 0) {
    throw new NotApplicableError('a template with no FROM line, not a Dockerfile: not edited; fix the Dockerfiles it generates', path, 'template');
  }
}
