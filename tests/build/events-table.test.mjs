/**
 * The events table (src/events/table.ts) is the one list of which element fires which event;
 * the elements' `@fires` JSDoc, which the Custom Elements Manifest is built from, must say the
 * same. Runs the analyzer on src/ (no dist/ needed):
 *   node --import tsx --test tests/build/events-table.test.mjs
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { cli } from '@custom-elements-manifest/analyzer/cli.js';
import { ELEMENT_EVENTS, EVENTS } from '../../src/events/table.ts';
import { MwapEvent } from '../../src/events/base.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const manifest = await cli({ argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], cwd: ROOT, noWrite: true });
const elements = new Map(
  manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => d.tagName)
    .map((d) => [d.tagName, d]),
);

test('each element documents (@fires) exactly the events the table gives it', () => {
  assert.deepEqual([...elements.keys()].sort(), Object.keys(ELEMENT_EVENTS).sort(), 'the table has one row per documented element');
  for (const [tag, element] of elements) {
    const documented = (element.events ?? []).map((e) => e.name).sort();
    assert.deepEqual(documented, [...ELEMENT_EVENTS[tag]].sort(), `<${tag}>: manifest events vs. ELEMENT_EVENTS['${tag}']`);
    for (const event of element.events ?? []) {
      assert.equal(event.type?.text, EVENTS[event.name].name, `<${tag}> ${event.name} is typed with its class`);
    }
  }
});

test('each event is listed under its own eventName and is a bubbling, composed MwapEvent with a frozen detail', () => {
  for (const [name, EventClass] of Object.entries(EVENTS)) {
    assert.equal(EventClass.eventName, name);
    const event = new EventClass();
    assert.ok(event instanceof MwapEvent && event instanceof Event, name);
    assert.equal(event.type, name);
    assert.equal(event.bubbles, true, `${name} bubbles`);
    assert.equal(event.composed, true, `${name} is composed`);
    // Only integration-select may be cancelled (the host navigates instead).
    assert.equal(event.cancelable, name === 'integration-select', `${name} cancelable`);
    assert.ok(Object.isFrozen(event.detail), `${name} detail is frozen`);
  }
});

test('every event in the table is fired by some element', () => {
  const fired = new Set(Object.values(ELEMENT_EVENTS).flat());
  assert.deepEqual(
    Object.keys(EVENTS).filter((name) => !fired.has(name)),
    [],
  );
});
