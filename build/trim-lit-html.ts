import ts from 'typescript';
import type { Plugin } from 'vite';

/**
 * Drops the indentation inside Lit's html`` and svg`` templates of our sources at build time:
 * after a newline, the spaces and tabs of the next line go. Rendering cannot change: HTML
 * collapses a run of white space to one space, and `white-space: pre-line` drops the spaces
 * around a newline. Left alone, because there white space can matter: templates with <pre> or
 * <textarea>, templates with a line continuation (a backslash before the newline, where the
 * indentation is the only space left), and templates passed to msg(), whose message id
 * @lit/localize computes from their text. Every newline stays, so line numbers (not columns) of
 * the sourcemaps stay true. Templates are found by parsing (TypeScript's parser), so nested
 * templates and backticks inside `${}` are handled; other template literals (messages, css``,
 * str``) are not touched.
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

/** The literal text parts of a template, between its `${}`. */
const literalsOf = (template: ts.TemplateLiteral): ts.Node[] =>
  ts.isNoSubstitutionTemplateLiteral(template) ? [template] : [template.head, ...template.templateSpans.map((span) => span.literal)];

const isLitTemplate = (node: ts.Node): node is ts.TaggedTemplateExpression =>
  ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && (node.tag.text === 'html' || node.tag.text === 'svg');

const textOf = (node: ts.TaggedTemplateExpression) =>
  literalsOf(node.template)
    .map((literal) => literal.getText())
    .join('');

/** Text in <pre> or <textarea> keeps its white space, templates nested in theirs included. */
const keepsWhiteSpace = (node: ts.TaggedTemplateExpression) => /<(?:pre|textarea)\b/i.test(textOf(node));

/** Whether white space in this template (not in <pre> or <textarea>) can only be layout. */
function trimmable(node: ts.TaggedTemplateExpression): boolean {
  let outer: ts.Node = node.parent;
  while (ts.isParenthesizedExpression(outer)) outer = outer.parent;
  const inMsg = ts.isCallExpression(outer) && ts.isIdentifier(outer.expression) && outer.expression.text === 'msg';
  return !inMsg && !/\\\r?\n/.test(textOf(node));
}

export function trimLitTemplates(code: string): string {
  const source = ts.createSourceFile('module.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const literals: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (isLitTemplate(node)) {
      if (keepsWhiteSpace(node)) return; // nor the templates inside it
      if (trimmable(node)) literals.push(...literalsOf(node.template));
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
