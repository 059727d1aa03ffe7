import ts from 'typescript';
import type { Plugin } from 'vite';

/**
 * Drops the indentation inside Lit's html`` and svg`` templates of our sources at build time:
 * after a newline, the spaces and tabs of the next line go. Rendering cannot change: HTML
 * collapses a run of white space to one space (and `white-space: pre-line` drops the spaces
 * around a newline), and no template of ours has text inside <pre> or <textarea>. Every newline
 * stays, so line numbers and sourcemaps stay true. Templates are found by parsing (TypeScript's
 * parser), so nested templates and backticks inside `${}` are handled; other template literals
 * (messages, css``, str``) are not touched.
 */
export function trimLitHtml(): Plugin {
  return {
    name: 'mwap:trim-lit-html',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(?:html|svg)`/.test(code)) return undefined;
      return { code: trimLitTemplates(code), map: null };
    },
  };
}

export function trimLitTemplates(code: string): string {
  const source = ts.createSourceFile('module.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const literals: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && (node.tag.text === 'html' || node.tag.text === 'svg')) {
      const template = node.template;
      literals.push(...(ts.isNoSubstitutionTemplateLiteral(template) ? [template] : [template.head, ...template.templateSpans.map((span) => span.literal)]));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let trimmed = '';
  let copied = 0;
  for (const literal of literals.sort((a, b) => a.getStart() - b.getStart())) {
    const [start, end] = [literal.getStart(), literal.getEnd()];
    trimmed += code.slice(copied, start) + code.slice(start, end).replace(/[ \t]*\n[ \t]*/g, '\n');
    copied = end;
  }
  return trimmed + code.slice(copied);
}
