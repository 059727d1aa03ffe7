// The story smoke test: serve the static Storybook, open every story of index.json in
// Chromium, and check that it renders, logs no error and has no axe violations. Docs pages are
// opened too (every story of a component at once) and must render without errors.
//
// Accessibility: every story already runs axe-core through @storybook/addon-a11y (its afterEach,
// with the story's own `parameters.a11y`, `test: 'error'` from .storybook/preview.ts), exactly
// what designers see in the Accessibility panel. The test reads that report from the story's
// `storyFinished` event instead of running axe a second time.
//
// Speed: a page loads the preview once per component and then switches stories over
// Storybook's channel (as the Storybook UI does), two pages at a time.
//
//   npm run test:stories                    builds Storybook first if storybook-static/ is
//                                           missing or older than src/, stories/, .storybook/
//   SKIP_STORYBOOK_BUILD=1                  use storybook-static/ as it is
//   STORY=<substring>                       only matching ids
//   STORY_CONCURRENCY=<n>                   pages at once (default 2)
//   STORY_TIMINGS=1                         print the time each story took
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStorybookBuilt, launchChromium, serve, storybookStatic } from './harness.mjs';

const staticDir = storybookStatic;
const CONCURRENCY = Number(process.env.STORY_CONCURRENCY ?? 2);
const STORY_TIMEOUT_MS = 30_000;

// Chromium's note on a request answered with an error status. The "error" stories (tagged
// `network-errors`) get such answers from the mock API on purpose; anywhere else it is a failure.
// Each story's mock API lives under /mock-api/<story id>/, so the URL says whose request it was
// (a late answer may arrive after the preview moved on to the next story).
const FAILED_REQUEST = /Failed to load resource: the server responded with a status of (4|5)\d\d/;

function expectedFailure(text, url) {
  if (!FAILED_REQUEST.test(text)) return false;
  const scope = decodeURIComponent(url.match(/\/mock-api\/([^/?]+)\//)?.[1] ?? '');
  const owner = scope && Object.values(index.entries).find((e) => scope === e.id || scope.startsWith(`${e.id}--`));
  return Boolean(owner?.tags?.includes('network-errors'));
}

ensureStorybookBuilt();
const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8'));
const filter = process.env.STORY ?? '';
const entries = Object.values(index.entries).filter((e) => e.id.includes(filter));
const stories = entries.filter((e) => e.type === 'story');
const docs = entries.filter((e) => e.type === 'docs');

/** `list` in `n` runs of about equal length, in order (one page serves each run). */
function chunks(list, n) {
  const size = Math.ceil(list.length / Math.max(1, n));
  return Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
}

let browser;
let context;
let site;

before(async () => {
  [browser, site] = await Promise.all([launchChromium(), serve({ mounts: { '/': staticDir }, cache: true })]);
  // One context: one HTTP cache and one registration of MSW's service worker for all pages.
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  // Record the preview's own verdicts as they happen, from its channel.
  await context.addInitScript(() => {
    const results = (window.__smoke = {});
    const record = (id, patch) => (results[id] = { ...results[id], ...patch });
    let channel;
    Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
      configurable: true,
      get: () => channel,
      set(next) {
        channel = next;
        next.on('storyFinished', ({ storyId, status, reporters }) =>
          record(storyId, {
            done: true,
            status,
            a11yRan: (reporters ?? []).some((r) => r.type === 'a11y'),
            a11yTodo: (reporters ?? [])
              .filter((r) => r.type === 'a11y' && r.status === 'warning')
              .flatMap((r) => (r.result?.violations ?? []).map((v) => `${v.id}: ${v.help}`)),
            a11y: (reporters ?? [])
              .filter((r) => r.type === 'a11y' && r.status !== 'warning')
              .flatMap((r) =>
                r.result?.error
                  ? [`axe could not run: ${r.result.error.message ?? r.result.error}`]
                  : (r.result?.violations ?? []).map(
                      (v) =>
                        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
                          .slice(0, 3)
                          .map((n) => JSON.stringify(n.target))
                          .join(', ')}`,
                    ),
              ),
          }),
        );
        const failed = (kind) => (error) =>
          record(window.__STORYBOOK_PREVIEW__?.currentRender?.id ?? '?', {
            [kind]: String(error?.message ?? error?.title ?? JSON.stringify(error)),
          });
        next.on('storyErrored', failed('errored'));
        next.on('storyThrewException', failed('threw'));
        next.on('playFunctionThrewException', failed('playThrew'));
        next.on('storyMissing', (id) => record(id, { missing: true, done: true }));
        next.on('docsRendered', (id) => record(id, { done: true, status: 'success' }));
      },
    });
  });
  // MSW's worker.start() reloads a page that a registered service worker does not control yet.
  // Register it once, before the parallel pages start, so every later page is controlled from its
  // first request and no page reloads under the test.
  const page = await context.newPage();
  const first = stories[0] ?? docs[0];
  if (first) {
    await page.goto(`${site.origin}/iframe.html?id=${encodeURIComponent(first.id)}&viewMode=${first.type === 'docs' ? 'docs' : 'story'}`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: STORY_TIMEOUT_MS, polling: 50 });
  }
  await page.close();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/**
 * Renders each entry of `group` in one page: the first by loading the preview, the rest by
 * asking the preview to switch. Calls `check(entry, result, problems)` for each.
 */
/**
 * Waits for the preview's verdict on `id`. MSW reloads a page once if its service worker did not
 * control it yet; the verdict then comes from the reloaded document, so one reload is waited out.
 */
async function finished(page, id) {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await page.waitForFunction((id) => window.__smoke?.[id]?.done && window.__smoke[id], id, {
        timeout: STORY_TIMEOUT_MS,
        polling: 50,
      });
      return await handle.jsonValue();
    } catch (error) {
      if (!/Execution context was destroyed|navigation/i.test(error.message)) return { done: false };
      await page.waitForLoadState('load').catch(() => undefined);
    }
  }
  return { done: false };
}

async function runGroup(group, viewMode, onEntry, { reloadEach = false } = {}) {
  let problems = [];
  const openPage = async () => {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const { url } = message.location();
      if (expectedFailure(message.text(), url ?? '')) return;
      problems.push(`console.error: ${message.text()}${url ? ` (${url})` : ''}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    if (process.env.STORY_DEBUG) page.on('load', () => console.error(`# load ${page.url()}`));
    return page;
  };
  // Never wait on a page forever (a page whose main thread is stuck answers no evaluate()).
  const bounded = (promise, ms, what) =>
    Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms))]);

  let page = await openPage();
  let reload = true;
  for (const entry of group) {
    problems = [];
    const started = Date.now();
    if (process.env.STORY_DEBUG) console.error(`# ${viewMode} ${entry.id} (reload: ${reload})`);
    let failed;
    try {
      // Stories tagged forced-colors are checked (axe included) the way a Windows high-contrast user sees them.
      await page.emulateMedia({ forcedColors: entry.tags?.includes('forced-colors') ? 'active' : 'none' });
      if (reload) {
        reload = false;
        await page.goto(`${site.origin}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=${viewMode}`, {
          timeout: STORY_TIMEOUT_MS,
        });
      } else {
        await bounded(
          page.evaluate(({ id, viewMode }) => window.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId: id, viewMode }), {
            id: entry.id,
            viewMode,
          }),
          5_000,
          'switching story',
        );
      }
      const result = await finished(page, entry.id);
      failed = await bounded(onEntry(entry, result, problems, page, Date.now() - started), 10_000, 'checking the story');
    } catch (error) {
      failed = true;
      await onEntry(entry, { done: false, errored: error.message }, problems, undefined, Date.now() - started);
    }
    if (reloadEach) reload = true;
    if (failed) {
      // A story that failed may have left the page in any state: the next one gets a new page.
      void bounded(page.close(), 5_000, 'closing a page').catch(() => undefined);
      page = await openPage();
      reload = true;
    }
  }
  await bounded(page.close(), 5_000, 'closing a page').catch(() => undefined);
}

function verdict(result) {
  const problems = [];
  if (!result.done) problems.push(`did not finish within ${STORY_TIMEOUT_MS / 1000} s`);
  if (result.missing) problems.push('missing from the preview');
  if (result.errored) problems.push(`render error: ${result.errored}`);
  if (result.threw) problems.push(`render threw: ${result.threw}`);
  if (result.playThrew) problems.push(`play function threw: ${result.playThrew}`);
  if (result.done && result.status !== 'success' && !result.a11y?.length) problems.push(`status: ${result.status}`);
  problems.push(...(result.a11y ?? []).map((v) => `axe: ${v}`));
  return problems;
}

describe('Storybook stories', () => {
  test(`index.json lists stories (${stories.length}) and docs pages (${docs.length})`, () => {
    assert.ok(stories.length > 0 || filter, 'no stories in storybook-static/index.json');
  });

  test('every story renders, logs no error and has no axe violations', { timeout: 8 * 60_000 }, async (t) => {
    const failures = [];
    let checked = 0;
    await Promise.all(
      chunks(stories, CONCURRENCY).map((group) =>
        runGroup(group, 'story', async (story, result, logged, page, ms) => {
          const problems = [...verdict(result), ...logged];
          // One of our elements, defined, that rendered something into its shadow root (the story's
          // frame decorator alone would satisfy a check for "any child").
          const shown =
            page &&
            (await page.evaluate(() =>
              [...(document.querySelector('#storybook-root')?.querySelectorAll('*') ?? [])]
                .filter((el) => /^(integration|integrations|token|provider|oauth|mwap)-/.test(el.localName) && el.matches(':defined'))
                .some((el) =>
                  [...(el.shadowRoot?.childNodes ?? [])].some((n) => n.nodeType === 1 || (n.nodeType === 3 && n.textContent.trim())),
                ),
            ));
          if (page && !shown) problems.push('none of our elements rendered in #storybook-root');
          if (result.done && !result.a11yRan) problems.push('no accessibility report (is @storybook/addon-a11y running?)');
          checked += 1;
          if (process.env.STORY_TIMINGS) t.diagnostic(`${story.id}: ${ms} ms`);
          if (result.a11yTodo?.length) t.diagnostic(`${story.id} (a11y todo): ${result.a11yTodo.join('; ')}`);
          if (problems.length) failures.push(`${story.id}\n    ${problems.join('\n    ')}`);
          return problems.length > 0;
        }),
      ),
    );
    assert.equal(checked, stories.length);
    assert.deepEqual(failures, [], `${failures.length} of ${stories.length} stories failed:\n  ${failures.join('\n  ')}`);
  });

  test('every docs page renders without errors', { timeout: 4 * 60_000 }, async (t) => {
    const failures = [];
    await Promise.all(
      chunks(docs, CONCURRENCY).map((group) =>
        runGroup(
          group,
          'docs',
          async (entry, result, logged, page, ms) => {
            const problems = [...verdict(result), ...logged];
            const shown = page && (await page.evaluate(() => Boolean(document.querySelector('#storybook-docs .sbdocs-content'))));
            if (page && !shown) problems.push('no docs content');
            if (process.env.STORY_TIMINGS) t.diagnostic(`${entry.id}: ${ms} ms`);
            if (problems.length) failures.push(`${entry.id}\n    ${problems.join('\n    ')}`);
            return problems.length > 0;
            // Docs pages hold story iframes whose previews talk to their parent: load each afresh.
          },
          { reloadEach: true },
        ),
      ),
    );
    assert.deepEqual(failures, [], `${failures.length} of ${docs.length} docs pages failed:\n  ${failures.join('\n  ')}`);
  });
});
