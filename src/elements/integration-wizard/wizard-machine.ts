/**
 * The wizard's flow as data: one immutable state and `transition(state, event)`. No Lit, no DOM,
 * no client, so every rule (guards, idempotent create, leaving) can be tested on its own. The
 * element renders the state, turns user input and network outcomes into events, and carries out
 * what the state asks for: the `pending` call, a `focus` move, an `announcement`, a `leave`.
 */
import type { IntegrationError } from '../../core/errors.js';
import type { CloudProvider, Integration, IntegrationCreateRequest } from '../../core/types.js';
import {
  createRequest,
  defaultSettings,
  draftFromIntegration,
  draftHasInput,
  emptyDraft,
  sameDraft,
  sameRequest,
  settingPath,
  validateDraft,
  type DetailsDraft,
  type DraftValue,
  type FieldMessages,
} from './draft.js';
import { STEPS, type WizardStep } from './wizard-views.js';

/** Failures after which the server may or may not have created the integration. */
const OUTCOME_UNKNOWN = new Set(['network_error', 'server_error', 'invalid_response', 'aborted']);

/** The request the element must send now; a new object for every call, so each is sent once. */
export type WizardCall =
  /** `request` is what is sent (a replay after a lost answer), `wanted` what the draft says now. */
  | {
      readonly kind: 'create';
      readonly request: IntegrationCreateRequest;
      readonly wanted: IntegrationCreateRequest;
      readonly idempotencyKey: string;
    }
  | { readonly kind: 'update'; readonly integrationId: string; readonly request: IntegrationCreateRequest }
  | { readonly kind: 'delete'; readonly integration: Integration };

/** Where focus should go after the next render; a new object for every move. */
export interface FocusRequest {
  readonly target: 'heading' | 'provider-selector' | 'invalid-field';
}

/** What the live region should say; a new object every time, so the same words are said twice. */
export type Announcement =
  | { readonly kind: 'created' }
  | { readonly kind: 'invalid-fields'; readonly problems: readonly string[] }
  | { readonly kind: 'server-rejected' };

export type LeaveState =
  | { readonly phase: 'idle' }
  /** The confirm dialog is open; `outdated` once the sign-in finished meanwhile. */
  | { readonly phase: 'asking'; readonly outdated: boolean }
  /** The user left: the element starts over and tells the host, handing over `integration`. */
  | { readonly phase: 'left'; readonly integration: Integration | undefined };

export interface WizardState {
  readonly step: WizardStep;
  readonly provider: CloudProvider | undefined;
  /** The user picked a provider themselves (a preselected one alone is nothing to lose). */
  readonly userPickedProvider: boolean;
  /** The `provider-id` preselection has been applied (or found missing). */
  readonly preselected: boolean;
  /** The id of an existing integration to finish, while it and the catalogue load. */
  readonly resuming: string | undefined;
  /** The existing integration this flow finishes, as it was when the flow took it up, with its values as a draft. */
  readonly resumed: { readonly integration: Integration; readonly draft: DetailsDraft } | undefined;
  /** The preselected id that is not in the catalogue, shown as a notice. */
  readonly missingProviderId: string;
  /** Next was pressed on Provider without a choice. */
  readonly providerRequired: boolean;
  readonly draft: DetailsDraft;
  /** Field paths the user has left, whose own checks now show. */
  readonly touched: readonly string[];
  /** Next was pressed on Details: every check shows. */
  readonly submitted: boolean;
  /** The server's messages for fields on the form, until the field is edited. */
  readonly serverErrors: FieldMessages;
  /** The server's messages for fields the form does not have. */
  readonly otherErrors: readonly string[];
  /** Why the last save failed, shown above the form. */
  readonly saveError: IntegrationError | undefined;
  /** Why deleting on the way out failed; the user stays. */
  readonly deleteError: IntegrationError | undefined;
  /** One key for the wizard's lifetime: a retried create cannot make a second integration. */
  readonly idempotencyKey: string;
  readonly created: Integration | undefined;
  readonly connected: Integration | undefined;
  /** The request the server holds; a different one on Next means update, never a second create. */
  readonly savedRequest: IntegrationCreateRequest | undefined;
  /** A create whose outcome is unknown (lost answer): replayed as it was, under the same key. */
  readonly unsettledRequest: IntegrationCreateRequest | undefined;
  /** The call in flight; everything that could race with it is refused meanwhile. */
  readonly pending: WizardCall | undefined;
  readonly leave: LeaveState;
  /** The leave dialog's choice: delete what was created instead of keeping it unconnected. */
  readonly deleteOnLeave: boolean;
  readonly focus: FocusRequest | undefined;
  readonly announcement: Announcement | undefined;
}

export type WizardEvent =
  | { readonly type: 'provider-id-changed' }
  | { readonly type: 'providers-loaded'; readonly providers: readonly CloudProvider[]; readonly providerId: string }
  | { readonly type: 'provider-chosen'; readonly provider: CloudProvider }
  /** Finish this existing integration instead: the flow starts over for it (with a new key). */
  | { readonly type: 'resume-requested'; readonly integrationId: string; readonly idempotencyKey: string }
  /** The integration being resumed and the catalogue have loaded. */
  | { readonly type: 'resume-loaded'; readonly integration: Integration; readonly providers: readonly CloudProvider[] }
  | { readonly type: 'field-edited'; readonly path: string; readonly value: DraftValue }
  | { readonly type: 'field-left'; readonly path: string }
  /** The primary button: on Details it validates and saves. */
  | { readonly type: 'next' }
  | { readonly type: 'back' }
  /** Try again after a failed save. */
  | { readonly type: 'retry' }
  | { readonly type: 'create-succeeded'; readonly call: WizardCall; readonly integration: Integration }
  | { readonly type: 'create-failed'; readonly call: WizardCall; readonly error: IntegrationError }
  | { readonly type: 'update-succeeded'; readonly call: WizardCall; readonly integration: Integration }
  | { readonly type: 'update-failed'; readonly call: WizardCall; readonly error: IntegrationError }
  | { readonly type: 'connected'; readonly integration: Integration }
  | { readonly type: 'leave-requested' }
  | { readonly type: 'delete-choice-changed'; readonly checked: boolean }
  | { readonly type: 'leave-confirmed' }
  | { readonly type: 'leave-cancelled' }
  | { readonly type: 'delete-succeeded'; readonly call: WizardCall }
  | { readonly type: 'delete-failed'; readonly call: WizardCall; readonly error: IntegrationError }
  | { readonly type: 'reset'; readonly idempotencyKey: string };

export function initialState(idempotencyKey: string): WizardState {
  return {
    step: 'provider',
    provider: undefined,
    userPickedProvider: false,
    preselected: false,
    resuming: undefined,
    resumed: undefined,
    missingProviderId: '',
    providerRequired: false,
    draft: emptyDraft(),
    touched: [],
    submitted: false,
    serverErrors: {},
    otherErrors: [],
    saveError: undefined,
    deleteError: undefined,
    idempotencyKey,
    created: undefined,
    connected: undefined,
    savedRequest: undefined,
    unsettledRequest: undefined,
    pending: undefined,
    leave: { phase: 'idle' },
    deleteOnLeave: false,
    focus: undefined,
    announcement: undefined,
  };
}

/** The integration this wizard created (after connecting, the connected copy). */
export const integrationOf = (state: WizardState): Integration | undefined => state.connected ?? state.created;

/** While `provider-id` waits for the catalogue, the wizard shows Details loading. */
export const isPreselecting = (state: WizardState, providerId: string): boolean =>
  Boolean(providerId) && !state.preselected && !state.resuming;

/** Never signed in: what the card offers Connect for, and what resuming opens on Authorize. */
export const isNeverConnected = (integration: Integration): boolean =>
  integration.status === 'pending' && integration.tokenStatus === 'none';

/** The user typed or changed a value (of a resumed integration: changed one it had). */
function hasTyped(state: WizardState): boolean {
  if (state.resumed) return !sameDraft(state.draft, state.resumed.draft);
  return draftHasInput(state.draft, state.provider?.settingsSchema ?? []);
}

/** Whether leaving would lose something, so the user is asked first. A resumed integration was already there. */
export function hasEnteredData(state: WizardState): boolean {
  return (Boolean(state.created) && !state.resumed) || state.userPickedProvider || hasTyped(state);
}

/** The user typed something and the integration is not connected yet: leaving the page should warn. */
export function isDirty(state: WizardState): boolean {
  return !state.connected && hasTyped(state);
}

/** Takes up an existing integration: Authorize when it never signed in, else Review. */
function resume(state: WizardState, integration: Integration, providers: readonly CloudProvider[]): WizardState {
  const provider = providers.find((p) => p.id === integration.cloudProviderId);
  const loaded: WizardState = { ...state, resuming: undefined };
  if (!provider) return { ...loaded, missingProviderId: integration.cloudProviderId };
  const draft = draftFromIntegration(integration, provider.settingsSchema);
  const taken: WizardState = {
    ...loaded,
    provider,
    draft,
    created: integration,
    resumed: { integration, draft },
    savedRequest: createRequest(draft, provider.id, provider.settingsSchema),
  };
  // No focus move: the host just opened the wizard, and focus belongs to it.
  return isNeverConnected(integration) ? { ...taken, step: 'authorize' } : { ...taken, step: 'review', connected: integration };
}

const goTo = (state: WizardState, step: WizardStep): WizardState => ({
  ...state,
  step,
  deleteError: undefined,
  focus: { target: 'heading' },
});

function useProvider(state: WizardState, provider: CloudProvider): WizardState {
  if (state.provider?.id === provider.id) return state;
  return {
    ...state,
    provider,
    draft: { ...state.draft, settings: defaultSettings(provider.settingsSchema) },
    touched: state.touched.filter((path) => !path.startsWith('settings.')),
    submitted: false,
    serverErrors: {},
  };
}

/** Next on Details: check the draft, then create, update, or (nothing changed) just go on. */
function submitDetails(state: WizardState): WizardState {
  const provider = state.provider;
  if (state.pending || !provider || state.step !== 'details') return state;
  const problems = Object.keys(validateDraft(state.draft, provider.settingsSchema));
  if (problems.length > 0) {
    return { ...state, submitted: true, announcement: { kind: 'invalid-fields', problems }, focus: { target: 'invalid-field' } };
  }
  const wanted = createRequest(state.draft, provider.id, provider.settingsSchema);
  const ready: WizardState = { ...state, submitted: true, saveError: undefined, otherErrors: [] };
  if (!state.created) {
    const request = state.unsettledRequest ?? wanted;
    return { ...ready, pending: { kind: 'create', request, wanted, idempotencyKey: state.idempotencyKey } };
  }
  return afterSaved(ready, state.created, wanted);
}

/** The server holds `state.savedRequest` for `integration`: update it to `wanted`, or go on. */
function afterSaved(state: WizardState, integration: Integration, wanted: IntegrationCreateRequest): WizardState {
  if (state.savedRequest && !sameRequest(state.savedRequest, wanted)) {
    return { ...state, pending: { kind: 'update', integrationId: integration.id, request: wanted } };
  }
  return goTo({ ...state, pending: undefined }, 'authorize');
}

/** Field messages the form can show go inline; the rest, and other failures, above the form. */
function saveFailed(state: WizardState, error: IntegrationError): WizardState {
  const schema = state.provider?.settingsSchema ?? [];
  const known = new Set(['name', 'description', ...schema.map(settingPath)]);
  const fields = error.code === 'validation_failed' ? Object.entries(error.fields ?? {}) : [];
  const inline = fields.filter(([path]) => known.has(path));
  const otherErrors = fields.filter(([path]) => !known.has(path)).map(([, message]) => message);
  const failed: WizardState = { ...state, pending: undefined, serverErrors: Object.fromEntries(inline), otherErrors };
  if (inline.length > 0 && otherErrors.length === 0) {
    return { ...failed, saveError: undefined, announcement: { kind: 'server-rejected' }, focus: { target: 'invalid-field' } };
  }
  return { ...failed, saveError: error };
}

function editField(state: WizardState, path: string, value: DraftValue): WizardState {
  const draft =
    path === 'name' || path === 'description'
      ? { ...state.draft, [path]: String(value) }
      : { ...state.draft, settings: { ...state.draft.settings, [path.slice('settings.'.length)]: value } };
  let serverErrors = state.serverErrors;
  if (path in serverErrors) {
    const { [path]: _fixed, ...rest } = serverErrors;
    serverErrors = rest;
  }
  return { ...state, draft, serverErrors };
}

/** Outcome events name the call they answer; one for another call (or none) is stale. */
const answers = (state: WizardState, call: WizardCall, kind: WizardCall['kind']) => state.pending === call && call.kind === kind;

export function transition(state: WizardState, event: WizardEvent): WizardState {
  switch (event.type) {
    case 'provider-id-changed':
      // Once created, the provider is fixed: a new provider-id no longer preselects.
      return state.created || !state.preselected ? state : { ...state, preselected: false };

    case 'providers-loaded': {
      if (!event.providerId || state.preselected || state.resuming) return state;
      const found = event.providers.find((p) => p.id === event.providerId);
      const next: WizardState = { ...state, preselected: true, missingProviderId: found ? '' : event.providerId };
      if (!found) return next;
      const chosen = useProvider(next, found);
      // No focus move: the page just loaded, and focus belongs to the host.
      return chosen.step === 'provider' ? { ...chosen, step: 'details' } : chosen;
    }

    case 'resume-requested':
      return { ...initialState(event.idempotencyKey), resuming: event.integrationId, preselected: true };

    case 'resume-loaded':
      return state.resuming === event.integration.id ? resume(state, event.integration, event.providers) : state;

    case 'provider-chosen':
      // After creating, the Provider step shows a notice instead of the selector.
      if (state.created || state.step !== 'provider') return state;
      return useProvider({ ...state, userPickedProvider: true, providerRequired: false }, event.provider);

    case 'field-edited':
      return state.step === 'details' ? editField(state, event.path, event.value) : state;

    case 'field-left':
      if (state.step !== 'details' || state.touched.includes(event.path)) return state;
      return { ...state, touched: [...state.touched, event.path] };

    case 'next':
      switch (state.step) {
        case 'provider':
          if (state.provider) return goTo(state, 'details');
          return { ...state, providerRequired: true, focus: { target: 'provider-selector' } };
        case 'details':
          return submitDetails(state);
        case 'authorize':
          return state.connected ? goTo(state, 'review') : state;
        default:
          return state;
      }

    case 'back': {
      const index = STEPS.indexOf(state.step);
      return index > 0 && !state.pending ? goTo(state, STEPS[index - 1]!) : state;
    }

    case 'retry':
      return submitDetails(state);

    case 'create-succeeded': {
      if (!answers(state, event.call, 'create') || event.call.kind !== 'create') return state;
      const saved: WizardState = {
        ...state,
        created: event.integration,
        savedRequest: event.call.request,
        unsettledRequest: undefined,
        announcement: { kind: 'created' },
      };
      return afterSaved(saved, event.integration, event.call.wanted);
    }

    case 'create-failed': {
      if (!answers(state, event.call, 'create') || event.call.kind !== 'create') return state;
      const unsettledRequest = OUTCOME_UNKNOWN.has(event.error.code) ? event.call.request : undefined;
      return saveFailed({ ...state, unsettledRequest }, event.error);
    }

    case 'update-succeeded':
      if (!answers(state, event.call, 'update')) return state;
      return goTo(
        {
          ...state,
          pending: undefined,
          created: event.integration,
          savedRequest: event.call.kind === 'update' ? event.call.request : state.savedRequest,
        },
        'authorize',
      );

    case 'update-failed':
      return answers(state, event.call, 'update') ? saveFailed(state, event.error) : state;

    case 'connected': {
      // A dialog asking about the unconnected integration no longer asks the right question.
      const leave: LeaveState = state.leave.phase === 'asking' ? { phase: 'asking', outdated: true } : state.leave;
      return goTo({ ...state, connected: event.integration, created: event.integration, leave }, 'review');
    }

    case 'leave-requested': {
      if (state.pending || state.leave.phase !== 'idle') return state;
      const asked: WizardState = { ...state, deleteOnLeave: false, deleteError: undefined };
      if (hasEnteredData(state)) return { ...asked, leave: { phase: 'asking', outdated: false } };
      return { ...asked, leave: { phase: 'left', integration: integrationOf(state) } };
    }

    case 'delete-choice-changed':
      return state.leave.phase === 'asking' ? { ...state, deleteOnLeave: event.checked } : state;

    case 'leave-cancelled':
      return state.leave.phase === 'asking' ? { ...state, leave: { phase: 'idle' } } : state;

    case 'leave-confirmed': {
      if (state.leave.phase !== 'asking') return state;
      if (state.leave.outdated) return { ...state, leave: { phase: 'idle' } };
      const integration = integrationOf(state);
      if (integration && state.deleteOnLeave) return { ...state, leave: { phase: 'idle' }, pending: { kind: 'delete', integration } };
      return { ...state, leave: { phase: 'left', integration } };
    }

    case 'delete-succeeded':
      if (!answers(state, event.call, 'delete')) return state;
      return { ...state, pending: undefined, leave: { phase: 'left', integration: undefined } };

    case 'delete-failed':
      if (!answers(state, event.call, 'delete')) return state;
      return { ...state, pending: undefined, deleteError: event.error };

    case 'reset':
      return initialState(event.idempotencyKey);
  }
}
