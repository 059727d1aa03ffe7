/**
 * What `npm pack` would publish: every target of the exports map, the script tag, the redirect
 * page, the manifest and the types; nothing private (sources, server, tests, keys, data).
 * Needs dist/ (npm test builds it first when missing or stale).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const [packed] = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }));
const files = new Set(packed.files.map((f) => f.path));

test('every exports target is in the package', () => {
  const targets = Object.values(pkg.exports).flatMap((value) => (typeof value === 'string' ? [value] : Object.values(value)));
  // A pattern (`./dist/mwap-integrations.*.js`, the script tag's hashed files) must match a packed file.
  const matches = (target) =>
    target.includes('*')
      ? [...files].some((path) =>
          new RegExp(
            `^${target
              .split('*')
              .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
              .join('[^/]+')}$`,
          ).test(path),
        )
      : files.has(target);
  const missing = targets.map((target) => target.replace(/^\.\//, '')).filter((path) => !matches(path));
  assert.deepEqual(missing, []);
});

test('the script tag with its on-demand files, the redirect page with its script, the manifest and the React entry ship', () => {
  // What the script tag loads beside itself, under hashed names (build/loader-chunks.ts).
  for (const name of ['integration-details', 'integration-wizard', 'provider-selector', 'oauth-button', 'charts', 'de']) {
    const pattern = new RegExp(`^dist/mwap-integrations\\.${name}\\.[\\w-]+\\.js$`);
    assert.ok(
      [...files].some((path) => pattern.test(path)),
      `no dist/mwap-integrations.${name}.<hash>.js is packed`,
    );
  }
  for (const path of [
    'dist/mwap-integrations.iife.js',
    'dist/oauth-callback.html',
    'dist/oauth-callback.js',
    'dist/custom-elements.json',
    'dist/react.js',
    'README.md',
  ]) {
    assert.ok(files.has(path), `${path} is not packed`);
  }
  const page = readFileSync(resolve(ROOT, 'dist/oauth-callback.html'), 'utf8');
  for (const [, src] of page.matchAll(/src="\.\/([^"]+)"/g))
    assert.ok(files.has(`dist/${src}`), `the redirect page loads dist/${src}, which is not packed`);
});

test('nothing private is packed', () => {
  const privatePaths = [...files].filter((path) =>
    /^(src|server|tests|demo|stories|bench|scripts|build|xliff|\.storybook|\.ci|\.data|coverage|storybook-static|node_modules)\/|\.(pem|key|env)$|(^|\/)\.env|\.test\.|\.stories\./.test(
      path,
    ),
  );
  assert.deepEqual(privatePaths, []);
});
