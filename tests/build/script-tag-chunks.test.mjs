/**
 * The script tag's build (build/loader-chunks.ts), in memory: one classic script that carries Lit
 * and the core, and ES modules beside it for the rest that import nothing of what it has.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { Script } from 'node:vm';
import { before, test } from 'node:test';
import { build } from 'vite';
import { reassignedBindings, SCRIPT_TAG_FILE } from '../../build/loader-chunks.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const ON_DEMAND = ['integration-details', 'integration-wizard', 'provider-selector', 'oauth-button'];

let script;
let others;
before(async () => {
  const output = await build({
    configFile: resolve(ROOT, 'vite.config.ts'),
    mode: 'iife',
    logLevel: 'silent',
    build: { write: false, sourcemap: false, emptyOutDir: false },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output).filter((o) => o.type === 'chunk');
  script = chunks.find((chunk) => chunk.fileName === SCRIPT_TAG_FILE);
  others = chunks.filter((chunk) => chunk !== script);
});

test('the script tag is a classic script (no import, no export, no import.meta) that names its files', () => {
  assert.doesNotThrow(() => new Script(script.code, { filename: SCRIPT_TAG_FILE }));
  assert.doesNotMatch(script.code, /\bimport\.meta\b/);
  const manifest = JSON.parse(script.code.match(/\}\)\((\{"files".*\})\);\s*$/s)[1]);
  assert.deepEqual(manifest.elements, ON_DEMAND);
  for (const name of [...ON_DEMAND, 'charts', 'de']) {
    assert.match(manifest.files[name] ?? '', new RegExp(`^mwap-integrations\\.${name}\\.[\\w-]+\\.js$`), name);
    assert.ok(
      others.some((chunk) => chunk.fileName === manifest.files[name]),
      `${manifest.files[name]} is emitted`,
    );
  }
});

test('one Lit and one core: no file beside the script tag carries a module it has; the on-demand elements are not in it', () => {
  const inScript = new Set(Object.keys(script.modules));
  assert.ok(
    [...inScript].some((id) => /node_modules\/@lit\/reactive-element\//.test(id)),
    'Lit is in the script tag',
  );
  const copies = others.flatMap((chunk) =>
    Object.keys(chunk.modules)
      .filter((id) => inScript.has(id))
      .map((id) => `${chunk.fileName}: ${id}`),
  );
  assert.deepEqual(copies, []);
  for (const tag of ON_DEMAND) {
    assert.equal(
      [...inScript].some((id) => id.endsWith(`/src/elements/${tag}/${tag}.ts`)),
      false,
      `<${tag}> is not in the script tag`,
    );
  }
});

test('the files beside it read the script tag from its global, and import nothing else of it', () => {
  for (const chunk of others) {
    assert.doesNotMatch(chunk.code, new RegExp(`["']\\./${SCRIPT_TAG_FILE.replace(/\./g, '\\.')}["']`), chunk.fileName);
  }
  const details = others.find((chunk) => chunk.name === 'integration-details');
  assert.match(details.code, /globalThis\[Symbol\.for\(.@mwap\/integrations@[^:]+:[0-9a-f]{12}.\)\]/);
});

test('a binding handed over is refused when it is reassigned after its declaration, not when an inner one of its name is', () => {
  const code = 'var a = 1, b = 1, c = 1; function f() { a = 2; } function g(b) { b = 2; } for (c of []) {} function h() { let a; a++; }';
  assert.deepEqual(reassignedBindings(code, new Set(['a', 'b', 'c'])), ['a', 'c']);
  assert.deepEqual(reassignedBindings('var x = 1; ({ x: y } = {}); [z] = [];', new Set(['x'])), []);
  assert.deepEqual(reassignedBindings('var x = 1; ({ x } = {});', new Set(['x'])), ['x']);
});
