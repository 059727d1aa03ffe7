/**
 * The build's css`` minifier (build/minify-lit-css.ts) must not change what any of our styles
 * mean. Checked against esbuild's own CSS minifier: for every css`` template in src/, the
 * original and our squeezed copy must minify to the same CSS.
 *
 *   node --import tsx --test tests/build/
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { transform } from 'esbuild';
import { minifyCss } from '../../build/minify-lit-css.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );

/** Interpolations become a rule esbuild keeps as it is, so both sides see the same placeholder. */
const placeholders = (css) => {
  let n = 0;
  return css.replace(/\$\{[^}]*\}/g, () => `.mwap-slot-${n++}{--slot:1}`);
};
// esbuild keeps the space after a comma inside var() fallbacks, where it means nothing; so do we
// not. Outside quoted strings only, so damage to a string would still show.
const outsideStrings = (css, edit) =>
  css
    .split(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/)
    .map((part, i) => (i % 2 ? part : edit(part)))
    .join('');
const canonical = async (css) =>
  outsideStrings((await transform(placeholders(css), { loader: 'css', minify: true })).code, (part) => part.replace(/,\s+/g, ','));

const templates = files(join(ROOT, 'src')).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/\bcss`([^`]*)`/g)].map((m) => ({ where: relative(ROOT, file), css: m[1] })),
);

test('every css`` template of src/ is found', () => {
  assert.ok(templates.length >= 15, `found ${templates.length}`);
});

test('squeezing keeps the meaning of every style sheet and makes each smaller', async () => {
  for (const { where, css } of templates) {
    const squeezed = minifyCss(css);
    assert.equal(await canonical(squeezed), await canonical(css), `${where} changed meaning`);
    assert.ok(squeezed.length < css.length, `${where} did not shrink`);
  }
});

test('keeps the spaces that carry meaning, quoted strings, and every newline', () => {
  assert.equal(minifyCss(':host(.a) :is(b) { width: calc(100% - 2px); }'), ':host(.a) :is(b){width: calc(100% - 2px)}');
  assert.equal(minifyCss('a > b,\n  c ${x} d { }'), 'a>b,\nc ${x} d{}');
  assert.equal(
    minifyCss(`a::before {  content: 'x ,  > y';  font-family: "A  B", c; }`),
    `a::before{content: 'x ,  > y';font-family: "A  B",c}`,
  );
  const css = '\n  /* two\n lines */\n  a {\n    color: red;\n  }\n';
  assert.equal(minifyCss(css).split('\n').length, css.split('\n').length);
});
