// The wizard's flow without the element: plain states in, plain states out.
import { expect } from '@open-wc/testing';
import { IntegrationError, type CloudProvider, type Integration } from '../../src/core/index.js';
import {
  hasEnteredData,
  initialState,
  integrationOf,
  isDirty,
  isPreselecting,
  transition,
  type WizardCall,
  type WizardEvent,
  type WizardState,
} from '../../src/elements/integration-wizard/wizard-machine.js';
import { makeIntegration, makeProviders } from '../support/fixtures.js';

const KEY = 'key-1';
const providers = (): CloudProvider[] => makeProviders();
const analytics = () => providers().find((p) => p.id === 'dev-analytics')!;
const cloud = () => providers().find((p) => p.id === 'dev-cloud')!;
const created = (overrides: Partial<Integration> = {}) =>
  makeIntegration({
    id: 'int-1',
    name: 'Analytics prod',
    cloudProviderId: 'dev-analytics',
    status: 'pending',
    tokenStatus: 'none',
    tokenExpiresAt: null,
    ...overrides,
  }) as Integration;

/** Frozen all the way down, so a transition that mutates its input throws instead of passing. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Runs the events in order from `state`, each on a frozen state. */
function run(state: WizardState, ...events: WizardEvent[]): WizardState {
  return events.reduce((current, event) => transition(deepFreeze(current), deepFreeze(event)), state);
}

const typed = (path: string, value: string | boolean): WizardEvent => ({ type: 'field-edited', path, value });

/** Provider chosen, Details filled in validly, Next pressed: a create is pending. */
function creating(name = 'Analytics prod'): WizardState {
  return run(
    initialState(KEY),
    { type: 'provider-chosen', provider: analytics() },
    { type: 'next' },
    typed('name', name),
    typed('settings.projectId', 'web-shop'),
    { type: 'next' },
  );
}

function pendingCall(state: WizardState): WizardCall {
  expect(state.pending, 'a call is pending').to.not.equal(undefined);
  return state.pending!;
}

/** On Authorize with the integration created. */
function authorizing(): WizardState {
  const state = creating();
  return run(state, { type: 'create-succeeded', call: pendingCall(state), integration: created() });
}

const serverError = () => new IntegrationError('server_error', 'Database unavailable.');
const lostAnswer = () => new IntegrationError('network_error', 'Failed to fetch');

describe('wizard machine', () => {
  it('starts on Provider with nothing entered, nothing pending, and the given key', () => {
    const state = initialState(KEY);
    expect(state.step).to.equal('provider');
    expect(state.provider).to.equal(undefined);
    expect(state.pending).to.equal(undefined);
    expect(state.leave).to.deep.equal({ phase: 'idle' });
    expect(state.idempotencyKey).to.equal(KEY);
    expect(hasEnteredData(state)).to.equal(false);
    expect(integrationOf(state)).to.equal(undefined);
  });

  describe('steps', () => {
    it('Provider: Next without a choice stays and asks for one, focusing the selector', () => {
      const state = run(initialState(KEY), { type: 'next' });
      expect(state.step).to.equal('provider');
      expect(state.providerRequired).to.equal(true);
      expect(state.focus).to.deep.equal({ target: 'provider-selector' });
    });

    it('Provider → Details once chosen, with the schema defaults, focus on the heading', () => {
      const asked = run(initialState(KEY), { type: 'next' });
      const chosen = run(asked, { type: 'provider-chosen', provider: cloud() });
      expect(chosen.providerRequired, 'the request is answered').to.equal(false);
      expect(chosen.step).to.equal('provider');
      const details = run(chosen, { type: 'next' });
      expect(details.step).to.equal('details');
      expect(details.focus).to.deep.equal({ target: 'heading' });
      expect(details.draft.settings).to.deep.equal({ region: '' });
      expect(hasEnteredData(details), 'a picked provider is something to lose').to.equal(true);
    });

    it('Details: invalid input stays, shows every check and focuses the first invalid field; nothing is sent', () => {
      const state = run(
        initialState(KEY),
        { type: 'provider-chosen', provider: analytics() },
        { type: 'next' },
        typed('name', 'Only a name'),
        { type: 'next' },
      );
      expect(state.step).to.equal('details');
      expect(state.pending).to.equal(undefined);
      expect(state.submitted).to.equal(true);
      expect(state.focus).to.deep.equal({ target: 'invalid-field' });
      expect(state.announcement).to.deep.equal({ kind: 'invalid-fields', problems: ['settings.projectId'] });
    });

    it('Details: valid input creates under the wizard’s key; success goes on to Authorize and announces it', () => {
      const state = creating();
      expect(state.step).to.equal('details');
      expect(pendingCall(state)).to.deep.equal({
        kind: 'create',
        request: { name: 'Analytics prod', cloudProviderId: 'dev-analytics', settings: { projectId: 'web-shop' } },
        wanted: { name: 'Analytics prod', cloudProviderId: 'dev-analytics', settings: { projectId: 'web-shop' } },
        idempotencyKey: KEY,
      });
      const next = run(state, { type: 'create-succeeded', call: state.pending!, integration: created() });
      expect(next.step).to.equal('authorize');
      expect(next.pending).to.equal(undefined);
      expect(next.created?.id).to.equal('int-1');
      expect(next.announcement).to.deep.equal({ kind: 'created' });
      expect(next.focus).to.deep.equal({ target: 'heading' });
    });

    it('Authorize → Review only once connected; Review is the last step', () => {
      const state = authorizing();
      expect(run(state, { type: 'next' }), 'not connected: Next does nothing').to.equal(state);
      const connected = created({ status: 'active', tokenStatus: 'valid' });
      const review = run(state, { type: 'connected', integration: connected });
      expect(review.step).to.equal('review');
      expect(integrationOf(review)).to.equal(connected);
      const again = run(state, { type: 'connected', integration: connected }, { type: 'back' }, { type: 'next' });
      expect(again.step, 'Next after going back to Authorize').to.equal('review');
      expect(run(review, { type: 'next' })).to.equal(review);
    });

    it('Back goes one step back and keeps what was entered; not from Provider, not while a call is pending', () => {
      const start = initialState(KEY);
      expect(run(start, { type: 'back' })).to.equal(start);
      const details = run(start, { type: 'provider-chosen', provider: analytics() }, { type: 'next' }, typed('name', 'Kept'));
      const back = run(details, { type: 'back' });
      expect(back.step).to.equal('provider');
      expect(back.draft.name).to.equal('Kept');
      const pending = creating();
      expect(run(pending, { type: 'back' }), 'saving').to.equal(pending);
      expect(run(authorizing(), { type: 'back' }).step).to.equal('details');
    });

    it('another provider keeps name and description, resets the settings and their touched state', () => {
      const state = run(
        initialState(KEY),
        { type: 'provider-chosen', provider: analytics() },
        { type: 'next' },
        typed('name', 'Kept'),
        typed('settings.projectId', 'p'),
        { type: 'field-left', path: 'name' },
        { type: 'field-left', path: 'settings.projectId' },
        { type: 'back' },
        { type: 'provider-chosen', provider: cloud() },
      );
      expect(state.draft).to.deep.equal({ name: 'Kept', description: '', settings: { region: '' } });
      expect(state.touched).to.deep.equal(['name']);
    });

    it('once created, the provider cannot change', () => {
      const state = run(authorizing(), { type: 'back' }, { type: 'back' });
      expect(state.step).to.equal('provider');
      expect(run(state, { type: 'provider-chosen', provider: cloud() })).to.equal(state);
    });
  });

  describe('saving', () => {
    it('a failed create keeps the draft, says why and clears pending', () => {
      const state = creating();
      const failed = run(state, { type: 'create-failed', call: state.pending!, error: serverError() });
      expect(failed.step).to.equal('details');
      expect(failed.pending).to.equal(undefined);
      expect(failed.saveError?.code).to.equal('server_error');
      expect(failed.draft).to.deep.equal(state.draft);
      expect(failed.created).to.equal(undefined);
    });

    it('a retried create keeps the idempotency key and replays a lost request as it was, then updates to the edit', () => {
      const state = creating('Analytics prod');
      const first = pendingCall(state);
      const lost = run(state, { type: 'create-failed', call: first, error: lostAnswer() }, typed('name', 'Analytics production'), {
        type: 'retry',
      });
      const second = pendingCall(lost);
      expect(second).to.not.equal(first);
      expect(second.kind === 'create' && second.idempotencyKey).to.equal(KEY);
      expect(second.kind === 'create' && second.request, 'replayed as sent').to.deep.equal(first.kind === 'create' && first.request);
      const replayed = run(lost, { type: 'create-succeeded', call: second, integration: created() });
      const update = pendingCall(replayed);
      expect(update).to.deep.equal({
        kind: 'update',
        integrationId: 'int-1',
        request: { name: 'Analytics production', cloudProviderId: 'dev-analytics', settings: { projectId: 'web-shop' } },
      });
      expect(replayed.step, 'still saving').to.equal('details');
      const done = run(replayed, { type: 'update-succeeded', call: update, integration: created({ name: 'Analytics production' }) });
      expect(done.step).to.equal('authorize');
      expect(done.created?.name).to.equal('Analytics production');
    });

    it('a rejected create shows the server’s field messages inline until edited; the retry sends the edit under the same key', () => {
      const state = creating();
      const error = new IntegrationError('validation_failed', 'Rejected.', { fields: { name: 'That name is taken.' } });
      const rejected = run(state, { type: 'create-failed', call: state.pending!, error });
      expect(rejected.serverErrors).to.deep.equal({ name: 'That name is taken.' });
      expect(rejected.saveError, 'all inline: no alert').to.equal(undefined);
      expect(rejected.focus).to.deep.equal({ target: 'invalid-field' });
      expect(rejected.announcement).to.deep.equal({ kind: 'server-rejected' });
      const edited = run(rejected, typed('name', 'Analytics staging'));
      expect(edited.serverErrors).to.deep.equal({});
      const retry = pendingCall(run(edited, { type: 'next' }));
      expect(retry.kind === 'create' && retry.idempotencyKey).to.equal(KEY);
      expect(retry.kind === 'create' && retry.request.name, 'a known rejection is not replayed').to.equal('Analytics staging');
    });

    it('messages for fields the form lacks go into the alert', () => {
      const state = creating();
      const error = new IntegrationError('validation_failed', 'Rejected.', { fields: { name: 'Taken.', tenant: 'Over quota.' } });
      const rejected = run(state, { type: 'create-failed', call: state.pending!, error });
      expect(rejected.saveError).to.equal(error);
      expect(rejected.otherErrors).to.deep.equal(['Over quota.']);
    });

    it('after creating, Next without changes just goes on; a change updates, never creates again', () => {
      const state = run(authorizing(), { type: 'back' });
      const same = run(state, { type: 'next' });
      expect(same.pending).to.equal(undefined);
      expect(same.step).to.equal('authorize');
      const changed = run(state, typed('description', 'Shop events'), { type: 'next' });
      expect(pendingCall(changed).kind).to.equal('update');
      const failed = run(changed, { type: 'update-failed', call: changed.pending!, error: serverError() });
      expect(failed.step).to.equal('details');
      expect(failed.saveError?.code).to.equal('server_error');
    });

    it('refuses a second Next while saving, and ignores an answer to another call', () => {
      const state = creating();
      expect(run(state, { type: 'next' })).to.equal(state);
      expect(run(state, { type: 'retry' })).to.equal(state);
      const stale = { ...state.pending! } as WizardCall;
      expect(run(state, { type: 'create-succeeded', call: stale, integration: created() })).to.equal(state);
    });
  });

  describe('provider-id', () => {
    it('preselects a listed provider and starts on Details, without moving focus', () => {
      const state = initialState(KEY);
      expect(isPreselecting(state, 'dev-cloud')).to.equal(true);
      const loaded = run(state, { type: 'providers-loaded', providers: providers(), providerId: 'dev-cloud' });
      expect(isPreselecting(loaded, 'dev-cloud')).to.equal(false);
      expect(loaded.step).to.equal('details');
      expect(loaded.provider?.id).to.equal('dev-cloud');
      expect(loaded.focus).to.equal(undefined);
      expect(hasEnteredData(loaded), 'a preselected provider is nothing to lose').to.equal(false);
      expect(run(loaded, { type: 'providers-loaded', providers: providers(), providerId: 'dev-cloud' }), 'applied once').to.equal(loaded);
    });

    it('an unknown id stays on Provider and names it', () => {
      const state = run(initialState(KEY), { type: 'providers-loaded', providers: providers(), providerId: 'nope' });
      expect(state.step).to.equal('provider');
      expect(state.missingProviderId).to.equal('nope');
    });

    it('a new provider-id preselects again, unless the integration was created', () => {
      const loaded = run(initialState(KEY), { type: 'providers-loaded', providers: providers(), providerId: 'dev-cloud' });
      expect(run(loaded, { type: 'provider-id-changed' }).preselected).to.equal(false);
      const made = run(authorizing(), { type: 'providers-loaded', providers: providers(), providerId: 'dev-analytics' });
      expect(run(made, { type: 'provider-id-changed' }).preselected).to.equal(true);
    });
  });

  describe('leaving', () => {
    it('leaves at once when nothing was entered', () => {
      const state = run(initialState(KEY), { type: 'leave-requested' });
      expect(state.leave).to.deep.equal({ phase: 'left', integration: undefined });
    });

    it('asks when something was entered; cancelling the dialog stays', () => {
      const entered = run(initialState(KEY), { type: 'provider-chosen', provider: cloud() });
      const asking = run(entered, { type: 'leave-requested' });
      expect(asking.leave).to.deep.equal({ phase: 'asking', outdated: false });
      expect(run(asking, { type: 'leave-cancelled' }).leave).to.deep.equal({ phase: 'idle' });
      expect(run(asking, { type: 'leave-confirmed' }).leave).to.deep.equal({ phase: 'left', integration: undefined });
    });

    it('keeps the created integration by default and hands it over', () => {
      const state = authorizing();
      const left = run(state, { type: 'leave-requested' }, { type: 'leave-confirmed' });
      expect(left.pending).to.equal(undefined);
      expect(left.leave).to.deep.equal({ phase: 'left', integration: state.created });
    });

    it('deletes it when asked; once deleted, leaves with nothing to hand over', () => {
      const made = authorizing();
      const deleting = run(
        made,
        { type: 'leave-requested' },
        { type: 'delete-choice-changed', checked: true },
        { type: 'leave-confirmed' },
      );
      const call = pendingCall(deleting);
      expect(call).to.deep.equal({ kind: 'delete', integration: made.created });
      expect(run(deleting, { type: 'leave-requested' }), 'no second leave while deleting').to.equal(deleting);
      expect(run(deleting, { type: 'back' }), 'no Back while deleting').to.equal(deleting);
      const left = run(deleting, { type: 'delete-succeeded', call });
      expect(left.leave).to.deep.equal({ phase: 'left', integration: undefined });
    });

    it('a failed delete stays where it was, with the reason and the integration', () => {
      const deleting = run(
        authorizing(),
        { type: 'leave-requested' },
        { type: 'delete-choice-changed', checked: true },
        { type: 'leave-confirmed' },
      );
      const error = serverError();
      const failed = run(deleting, { type: 'delete-failed', call: deleting.pending!, error });
      expect(failed.leave.phase).to.equal('idle');
      expect(failed.pending).to.equal(undefined);
      expect(failed.deleteError).to.equal(error);
      expect(failed.step).to.equal('authorize');
      expect(integrationOf(failed)?.id).to.equal('int-1');
      const again = run(failed, { type: 'leave-requested' });
      expect(again.deleteError, 'asking again clears the old reason').to.equal(undefined);
      expect(again.deleteOnLeave, 'and the choice').to.equal(false);
    });

    it('never deletes what got connected while the leave dialog was open', () => {
      const connected = created({ status: 'active', tokenStatus: 'valid' });
      const state = run(
        authorizing(),
        { type: 'leave-requested' },
        { type: 'delete-choice-changed', checked: true },
        { type: 'connected', integration: connected },
        { type: 'leave-confirmed' },
      );
      expect(state.pending, 'no delete').to.equal(undefined);
      expect(state.leave, 'and no leave').to.deep.equal({ phase: 'idle' });
      expect(state.step).to.equal('review');
      expect(integrationOf(state)).to.equal(connected);
    });
  });

  describe('resuming an existing integration', () => {
    const pending = () => created({ id: 'int-9', name: 'Half done', description: null, settings: { projectId: 'web' } });
    const requested = (from = initialState(KEY)) =>
      run(from, { type: 'resume-requested', integrationId: 'int-9', idempotencyKey: 'key-9' });

    it('starts over for it, waits for it, then opens on Authorize with its values and nothing to create', () => {
      const waiting = requested(creating());
      expect(waiting.pending, 'the flow before is dropped').to.equal(undefined);
      expect(waiting.idempotencyKey).to.equal('key-9');
      expect(waiting.resuming).to.equal('int-9');
      expect(isPreselecting(waiting, 'dev-cloud'), 'provider-id waits').to.equal(false);
      expect(run(waiting, { type: 'providers-loaded', providers: providers(), providerId: 'dev-cloud' }).provider).to.equal(undefined);

      const resumed = run(waiting, { type: 'resume-loaded', integration: pending(), providers: providers() });
      expect(resumed.step).to.equal('authorize');
      expect(resumed.resuming).to.equal(undefined);
      expect(resumed.provider?.id).to.equal('dev-analytics');
      expect(resumed.draft).to.deep.equal({ name: 'Half done', description: '', settings: { projectId: 'web' } });
      expect(integrationOf(resumed)?.id).to.equal('int-9');
      expect(resumed.focus, 'focus stays with the host').to.equal(undefined);
      expect(hasEnteredData(resumed), 'nothing entered here: leaving loses nothing').to.equal(false);
      expect(isDirty(resumed)).to.equal(false);

      // Back and Next without changes send nothing; a change updates, never creates.
      const unchanged = run(resumed, { type: 'back' }, { type: 'next' });
      expect(unchanged.pending).to.equal(undefined);
      expect(unchanged.step).to.equal('authorize');
      const changed = run(resumed, { type: 'back' }, typed('name', 'Done at last'), { type: 'next' });
      expect(pendingCall(changed).kind).to.equal('update');
      expect(hasEnteredData(changed)).to.equal(true);
      expect(isDirty(changed)).to.equal(true);
    });

    it('opens on Review for one already connected, and ignores an answer for another id', () => {
      const connected = created({ id: 'int-9', status: 'active', tokenStatus: 'valid' });
      const review = run(requested(), { type: 'resume-loaded', integration: connected, providers: providers() });
      expect(review.step).to.equal('review');
      expect(review.connected).to.equal(connected);
      const other = requested();
      expect(run(other, { type: 'resume-loaded', integration: created({ id: 'int-1' }), providers: providers() })).to.equal(other);
    });

    it('falls back to choosing a provider when its provider is not offered', () => {
      const state = run(requested(), {
        type: 'resume-loaded',
        integration: created({ id: 'int-9', cloudProviderId: 'gone' }),
        providers: providers(),
      });
      expect(state.step).to.equal('provider');
      expect(state.missingProviderId).to.equal('gone');
      expect(state.created).to.equal(undefined);
    });
  });

  it('is dirty while something typed is not connected yet', () => {
    const details = run(initialState(KEY), { type: 'provider-chosen', provider: analytics() }, { type: 'next' });
    expect(isDirty(details), 'a provider chosen is no typing').to.equal(false);
    expect(isDirty(run(details, typed('name', 'x')))).to.equal(true);
    expect(isDirty(run(details, typed('name', 'x'), typed('name', '')))).to.equal(false);
    expect(isDirty(authorizing()), 'created, not connected').to.equal(true);
    expect(isDirty(run(authorizing(), { type: 'connected', integration: created({ tokenStatus: 'valid' }) }))).to.equal(false);
  });

  it('takes a field left only on Details (a left field of a flow already gone is no news)', () => {
    const state = initialState(KEY);
    expect(run(state, { type: 'field-left', path: 'name' })).to.equal(state);
  });

  it('reset yields exactly the initial state, whatever came before', () => {
    const busy = run(
      authorizing(),
      { type: 'back' },
      typed('description', 'x'),
      { type: 'field-left', path: 'description' },
      { type: 'next' },
      { type: 'leave-requested' },
    );
    expect(run(busy, { type: 'reset', idempotencyKey: 'key-2' })).to.deep.equal(initialState('key-2'));
    const asking = run(authorizing(), { type: 'leave-requested' }, { type: 'delete-choice-changed', checked: true });
    expect(run(asking, { type: 'reset', idempotencyKey: 'key-3' })).to.deep.equal(initialState('key-3'));
  });
});
