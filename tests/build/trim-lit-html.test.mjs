/**
 * The build's html``/svg`` indentation trimmer (build/trim-lit-html.ts) may drop white space after
 * a newline inside Lit templates and nothing else.
 *
 *   node --import tsx --test tests/build/
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { trimLitTemplates } from '../../build/trim-lit-html.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );

test('drops indentation in html`` and svg``, nested ones too, and leaves every other literal alone', () => {
  const code = [
    'const view = html`<div>',
    "    ${open ? html`<b>\n      ${'`'} ${svg`<g>\n        </g>`}</b>` : nothing}",
    '    <p title="a">hi</p>  ',
    '  </div>`;',
    'const message = `keep\n   this`;',
    'const styles = css`\n  a {}`;',
    'const text = msg(str`Hello\n   ${name}`);',
  ].join('\n');
  assert.equal(
    trimLitTemplates(code),
    [
      'const view = html`<div>',
      "${open ? html`<b>\n${'`'} ${svg`<g>\n</g>`}</b>` : nothing}",
      '<p title="a">hi</p>',
      '</div>`;',
      'const message = `keep\n   this`;',
      'const styles = css`\n  a {}`;',
      'const text = msg(str`Hello\n   ${name}`);',
    ].join('\n'),
  );
});

test('leaves templates where white space can matter', () => {
  const untouched = [
    'const a = html`<pre>\n    kept</pre>`;',
    'const b = html`<textarea>\n    kept</textarea>`;',
    // A line continuation: the indentation is the only space between the words.
    'const c = html`<p>word\\\n    next</p>`;',
    // @lit/localize computes the message id from the template text.
    'const d = msg(html`Hello\n    <b>${name}</b>`);',
    'const e = msg((html`Hello\n    <b>${name}</b>`));',
    // A template inside <pre> is part of its text.
    'const f = html`<pre>${html`<b>\n    kept</b>`}</pre>`;',
  ];
  for (const code of untouched) assert.equal(trimLitTemplates(code), code);
});

test('on every source file: same lines, and the same code once white space is collapsed', () => {
  let changed = 0;
  for (const file of files(join(ROOT, 'src'))) {
    const code = readFileSync(file, 'utf8');
    const trimmed = trimLitTemplates(code);
    const where = relative(ROOT, file);
    assert.equal(trimmed.split('\n').length, code.split('\n').length, `${where}: line count`);
    const collapse = (text) => text.replace(/\s+/g, ' ');
    assert.equal(collapse(trimmed), collapse(code), `${where}: more than white space changed`);
    if (trimmed !== code) changed += 1;
  }
  assert.ok(changed >= 15, `only ${changed} files had templates to trim`);
});
