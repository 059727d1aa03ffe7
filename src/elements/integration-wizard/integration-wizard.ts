import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { localized, msg, str } from '@lit/localize';
import { isolate } from '../../internal/bidi.js';
import type { IntegrationsClient } from '../../core/client.js';
import { IntegrationError } from '../../core/errors.js';
import type { CloudProvider, Integration } from '../../core/types.js';
import { ActionController } from '../../controllers/action-controller.js';
import { PermissionsController } from '../../controllers/permissions-controller.js';
import { QueryController } from '../../controllers/query-controller.js';
import type { DenialReason } from '../../core/permissions.js';
import { IntegrationCreatedEvent, IntegrationDeletedEvent, type IntegrationConnectedEvent } from '../../events/integration-events.js';
import { MwapElement } from '../../internal/mwap-element.js';
import { describeError, errorSentence } from '../../internal/error-text.js';
import { icons } from '../../internal/icons.js';
import { headingLevel } from '../../internal/heading-level.js';
import { denialText } from '../../internal/permission-text.js';
import {
  FieldLeaveController,
  readEdit,
  renderFormField,
  renderRequiredNote,
  settingFormField,
  type FormField,
} from '../../internal/settings-form.js';
import { settingsFormStyles } from '../../internal/settings-form.styles.js';
import { base, tokens } from '../../styles/tokens.js';
import '../confirm-dialog/define.js';
import type { ConfirmDialogElement } from '../confirm-dialog/define.js';
import '../oauth-button/define.js';
import '../provider-selector/define.js';
import type { ProviderSelectEvent } from '../provider-selector/define.js';
import { validateDraft } from './draft.js';
import { wizardStyles } from './integration-wizard.styles.js';
import { WizardCancelEvent, WizardCompleteEvent } from '../../events/wizard-events.js';
import {
  renderReview,
  renderSaveError,
  renderStepHeading,
  renderStepIndicator,
  stepLabel,
  STEPS,
  type WizardStep,
} from './wizard-views.js';
import {
  initialState,
  integrationOf,
  isDirty,
  isPreselecting,
  transition,
  type Announcement,
  type FocusRequest,
  type WizardCall,
  type WizardEvent,
  type WizardState,
} from './wizard-machine.js';

function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Creates and connects an integration in four steps: Provider → Details (name, description and the
 * provider's own settings, validated as you type) → Authorize (the popup sign-in) → Review.
 *
 * The integration is created once, when Details is confirmed, under one `Idempotency-Key` for the
 * wizard's lifetime: a retry after a lost answer cannot make a second one, and later edits on
 * Details update it instead. Back and Next keep what was entered; Cancel asks first when anything
 * would be lost, and while something typed is not connected yet, leaving the page asks too. Focus
 * moves to the step's heading on every step change. Done, and leaving, start over.
 *
 * Given `integration-id` (or `resume()`), it finishes that existing integration instead: it opens on
 * Authorize when the integration never signed in, on Review when it has.
 *
 * A caller who may not create integrations (or connect the one to resume), by role or because the
 * host set `readonly`, reads why instead of a form the server would refuse.
 *
 * @tag integration-wizard
 * @summary Guides a user through choosing a provider, describing, creating and connecting an integration.
 * @fires integration-created - The integration was created (on leaving Details); `detail.integration`.
 * @fires integration-connected - The sign-in finished; `detail.integration` holds the token status.
 * @fires integration-error - Loading providers, saving or signing in failed; `detail.error`.
 * @fires integration-deleted - The user left after creating and chose to delete what was created.
 * @fires wizard-cancel - The user cancelled; `detail.integration` is the one already created and kept, if any.
 * @fires wizard-complete - The user pressed Done on the Review step; `detail.integration`.
 * @csspart base - The wizard's frame.
 * @csspart steps - The step indicator (`<nav>`).
 * @csspart heading - The step heading.
 * @csspart body - The current step's content.
 * @csspart field - One form field of the Details step.
 * @csspart field-error - A field's validation message.
 * @csspart alert - The message shown when saving failed.
 * @csspart summary - The Review step's summary list.
 * @csspart footer - The button row (Cancel, Back, Next).
 * @cssprop --mwap-integration-wizard-max-width - Maximum width. Default 44rem.
 * @cssprop --mwap-integration-wizard-padding - Inner padding.
 * @cssprop --mwap-integration-wizard-background - Background of the frame.
 * @cssprop --mwap-integration-wizard-step-done-color - Colour of completed steps. Default the success colour.
 * @cssprop --mwap-integration-wizard-step-current-color - Colour of the current step. Default the accent colour.
 */
@localized()
export class IntegrationWizardElement extends MwapElement {
  static override styles = [tokens, base, wizardStyles, settingsFormStyles];

  /** Preselects this provider and starts on the Details step. */
  @property({ attribute: 'provider-id' }) providerId = '';

  /**
   * Finishes this existing integration instead of creating one: setting it (to another id) starts
   * over on Authorize for it, or on Review when it is already connected. Starting over (`reset()`,
   * Done, leaving) then creates a new one; set the id again, or call `resume()`, to finish another.
   */
  @property({ attribute: 'integration-id' }) integrationId = '';

  /** The outline level of the step heading, 2 to 6, under the host's own headings. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  /** A read-only view: nothing is created or connected, and the wizard says so. */
  @property({ type: Boolean, reflect: true }) readonly = false;

  /** Everything the flow knows, as one value; only `transition` makes the next one. @internal */
  @state() private flow: WizardState = initialState(newIdempotencyKey());

  /** @internal */ @query('#heading') private heading: HTMLElement | null | undefined;
  /** @internal */ @query('mwap-confirm-dialog') private confirmDialog: ConfirmDialogElement | null | undefined;

  readonly #catalogue = new QueryController<CloudProvider[]>(
    this,
    (client) => client.queries.providers(),
    () => this.activeClient,
  );
  /** The integration being resumed, from the shared cache (loaded when it is not there). */
  readonly #resuming = new QueryController<Integration>(
    this,
    (client) => (this.flow.resuming ? client.queries.integration(this.flow.resuming) : undefined),
    () => this.activeClient,
  );
  readonly #permissions = new PermissionsController(
    this,
    () => this.activeClient,
    () => this.readonly,
  );
  readonly #actions = new ActionController(this);
  readonly #leaves = new FieldLeaveController(this, (path) => this.#dispatch({ type: 'field-left', path }));
  /** The last focus move carried out: each request in the state moves focus once. */
  #focused: FocusRequest | undefined;
  #guardingUnload = false;

  /** The step on screen. */
  get currentStep(): WizardStep {
    return this.flow.step;
  }

  /** The integration this wizard created (after connecting, the connected copy). */
  get integration(): Integration | undefined {
    return integrationOf(this.flow);
  }

  /** Starts over on the first step with nothing entered (and a new idempotency key: a new integration). */
  reset(): void {
    this.#dispatch({ type: 'reset', idempotencyKey: newIdempotencyKey() });
  }

  /**
   * Finishes an existing integration: opens on Authorize for it when it never signed in (on Review
   * when it has), with its values on Details. Nothing is created.
   */
  resume(integration: Integration | string): void {
    const integrationId = typeof integration === 'string' ? integration : integration.id;
    if (integrationId) this.#dispatch({ type: 'resume-requested', integrationId, idempotencyKey: newIdempotencyKey() });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#guardUnload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#guardUnload();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('integrationId') && this.integrationId) this.resume(this.integrationId);
    if (changed.has('providerId')) this.#dispatch({ type: 'provider-id-changed' });
    const providers = this.#catalogue.state?.data;
    if (!providers) return;
    this.#dispatch({ type: 'providers-loaded', providers, providerId: this.providerId });
    const id = this.flow.resuming;
    if (!id) return;
    const loaded = this.#resuming.state?.data;
    // The cache's copy when there is one: the request just made may have found it there.
    const integration = loaded?.id === id ? loaded : this.activeClient?.cachedIntegration(id);
    if (integration) this.#dispatch({ type: 'resume-loaded', integration, providers });
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // On step 1 the selector reports a failed provider list; while preselecting, nobody else does.
    const query = this.#catalogue.state;
    if ((this.#preselecting || this.flow.resuming) && query?.status === 'error') this.#actions.report(query.error);
    const resuming = this.#resuming.state;
    if (this.flow.resuming && resuming?.status === 'error') this.#actions.report(resuming.error, this.flow.resuming);
    const focus = this.flow.focus;
    if (focus && focus !== this.#focused) {
      this.#focused = focus;
      this.#focusTarget(focus)?.focus();
    }
    this.#guardUnload();
  }

  /** While something typed is not connected yet, leaving the page asks first. */
  #guardUnload(): void {
    const guard = this.isConnected && isDirty(this.flow);
    if (guard === this.#guardingUnload) return;
    this.#guardingUnload = guard;
    if (guard) window.addEventListener('beforeunload', this.#onBeforeUnload);
    else window.removeEventListener('beforeunload', this.#onBeforeUnload);
  }

  #onBeforeUnload = (event: BeforeUnloadEvent): void => {
    // preventDefault asks in today's browsers; a non-empty returnValue in older ones.
    event.preventDefault();
    event.returnValue = 'unsaved';
  };

  /** Why the caller may not go on: creating, or (for a resumed integration) connecting it. */
  get #denied(): DenialReason | undefined {
    const { resuming, resumed, created, step } = this.flow;
    if (step === 'review') return undefined;
    if (resuming || resumed) return this.#permissions.denied('connect');
    // What this wizard created was allowed then; the rest of its way is its own.
    return created ? undefined : this.#permissions.denied('create');
  }

  get #preselecting(): boolean {
    return isPreselecting(this.flow, this.providerId);
  }

  get #busy(): boolean {
    return this.flow.pending !== undefined;
  }

  /**
   * Moves the flow on, then carries out what the new state asks for: a new pending call is sent,
   * a leave starts over and tells the host. `tell` fires the outcome's own event first, so the
   * host hears of a created integration before anything else happens to it.
   */
  #dispatch(event: WizardEvent, tell?: () => void): void {
    const before = this.flow;
    const after = transition(before, event);
    this.flow = after;
    tell?.();
    if (after === before) return;
    // A new flow: fields of the old one left during a press are no news to it.
    if (after.idempotencyKey !== before.idempotencyKey) this.#leaves.forget();
    if (after.pending && after.pending !== before.pending) void this.#send(after.pending);
    if (after.leave.phase === 'left' && before.leave.phase !== 'left') {
      const { integration } = after.leave;
      this.reset();
      this.dispatchEvent(new WizardCancelEvent(integration));
    }
  }

  /** Sends the call the flow waits for and feeds the outcome back; failures are reported once. */
  async #send(call: WizardCall): Promise<void> {
    const client = (): IntegrationsClient => {
      const active = this.activeClient;
      if (!active) throw new IntegrationError('invalid_config', 'No integrations client is configured.');
      return active;
    };
    switch (call.kind) {
      case 'create': {
        const result = await this.#actions.run('create', {
          run: () => client().createIntegration(call.request, { idempotencyKey: call.idempotencyKey }),
        });
        if (!result.ok) return this.#dispatch({ type: 'create-failed', call, error: result.error });
        return this.#dispatch({ type: 'create-succeeded', call, integration: result.value }, () =>
          this.dispatchEvent(new IntegrationCreatedEvent(result.value)),
        );
      }
      case 'update': {
        const { request } = call;
        const result = await this.#actions.run('update', {
          run: () =>
            client().updateIntegration(call.integrationId, {
              name: request.name,
              description: request.description ?? null,
              settings: request.settings ?? {},
            }),
          integrationId: call.integrationId,
        });
        return this.#dispatch(
          result.ok ? { type: 'update-succeeded', call, integration: result.value } : { type: 'update-failed', call, error: result.error },
        );
      }
      case 'delete': {
        const id = call.integration.id;
        const result = await this.#actions.run('delete', { run: () => client().deleteIntegration(id), integrationId: id });
        if (!result.ok) return this.#dispatch({ type: 'delete-failed', call, error: result.error });
        return this.#dispatch({ type: 'delete-succeeded', call }, () => this.dispatchEvent(new IntegrationDeletedEvent(id)));
      }
    }
  }

  #focusTarget(focus: FocusRequest): HTMLElement | null | undefined {
    switch (focus.target) {
      case 'heading':
        return this.heading;
      case 'provider-selector':
        return this.renderRoot.querySelector<HTMLElement>('provider-selector');
      default:
        return this.renderRoot.querySelector<HTMLElement>('form [aria-invalid="true"]');
    }
  }

  #announcementText(announcement: Announcement): string {
    switch (announcement.kind) {
      case 'created':
        return msg('Integration created.');
      case 'server-rejected':
        return msg('The server did not accept some values.');
      default: {
        const { problems } = announcement;
        return problems.length === 1 ? msg('1 field needs your attention.') : msg(str`${problems.length} fields need your attention.`);
      }
    }
  }

  // --- user input --------------------------------------------------------------------------

  #onProviderSelect = (event: ProviderSelectEvent) => {
    event.stopPropagation(); // an inner detail; the wizard's own events are the public ones
    this.#dispatch({ type: 'provider-chosen', provider: event.detail.provider });
  };

  #next = () => this.#dispatch({ type: 'next' });

  #back = () => this.#dispatch({ type: 'back' });

  #onFieldInput = (event: Event) => {
    const edit = readEdit(event);
    if (edit) this.#dispatch({ type: 'field-edited', ...edit });
  };

  #onDetailsSubmit = (event: Event) => {
    event.preventDefault();
    // Without a client nothing could be saved: the form stays as it is.
    if (this.activeClient) this.#dispatch({ type: 'next' });
  };

  #retrySave = () => {
    if (this.activeClient) this.#dispatch({ type: 'retry' });
  };

  #onConnected = (event: IntegrationConnectedEvent) => {
    // The event goes on to the host (it is composed); the wizard only moves on.
    this.#dispatch({ type: 'connected', integration: event.detail.integration });
  };

  /** Tells the host, then starts over: the next time the wizard is shown, it is a new one. */
  #finish = () => {
    const integration = this.integration;
    if (!integration) return;
    this.dispatchEvent(new WizardCompleteEvent(integration));
    this.reset();
  };

  #cancel = async () => {
    const before = this.flow;
    this.#dispatch({ type: 'leave-requested' });
    if (this.flow === before || this.flow.leave.phase !== 'asking') return;
    const confirmed = await this.confirmDialog?.show();
    this.#dispatch({ type: confirmed ? 'leave-confirmed' : 'leave-cancelled' });
  };

  // --- rendering ---------------------------------------------------------------------------

  protected override render() {
    const denied = this.#denied;
    if (denied) return this.#renderDenied(denied);
    const step = this.#preselecting ? 'details' : this.flow.resuming ? 'authorize' : this.flow.step;
    const index = STEPS.indexOf(step);
    const { created, announcement } = this.flow;
    return html`<div part="base" class="base">
      ${renderStepIndicator(step)}
      <div part="body" class="body" aria-busy=${this.#busy ? 'true' : 'false'}>
        ${renderStepHeading(
          headingLevel(this.headingLevel, 2),
          html`<span class="eyebrow">${msg(str`Step ${index + 1} of ${STEPS.length}`)}</span>${this.#stepTitle(step)}`,
        )}
        ${this.#renderStep(step)} ${this.#renderLeaveError()}
      </div>
      <div part="footer" class="footer">${this.#renderFooter(step)}</div>
    </div>
    <div class="visually-hidden" role="status">${announcement ? keyed(announcement, this.#announcementText(announcement)) : ''}</div>
    <mwap-confirm-dialog heading=${created ? msg('Leave the wizard?') : msg('Discard this integration?')} confirm-label=${created ? msg('Leave') : msg('Discard')} danger>
        ${
          created
            ? html`<p>${msg(str`“${isolate(created.name)}” was already created. It stays in your list, not connected, and you can connect it later.`)}</p>
              <label class="delete-choice">
                <input type="checkbox" .checked=${this.flow.deleteOnLeave} @change=${this.#onDeleteChoice} />
                ${msg(str`Delete “${isolate(created.name)}” instead`)}
              </label>`
            : msg('What you entered will be lost.')
        }
    </mwap-confirm-dialog>`;
  }

  /** The reason, once, instead of a form the server would refuse; Cancel lets the host close it. */
  #renderDenied(reason: DenialReason) {
    return html`<div part="base" class="base">
      <p class="notice denied">${icons.alert}<span>${denialText(reason)}</span></p>
      <div part="footer" class="footer">
        <span class="spacer"></span><button type="button" @click=${this.#cancel}>${msg('Cancel')}</button>
      </div>
    </div>`;
  }

  #onDeleteChoice = (event: Event) =>
    this.#dispatch({ type: 'delete-choice-changed', checked: (event.target as HTMLInputElement).checked });

  #renderLeaveError() {
    const { deleteError, created } = this.flow;
    if (!deleteError || !created) return nothing;
    return html`<div class="alert" part="alert" role="alert">
      <p>${icons.alert}<span><strong>${msg(str`“${isolate(created.name)}” could not be deleted.`)}</strong> ${describeError(deleteError).title} ${msg('It is still in your list.')}</span></p>
    </div>`;
  }

  #stepTitle(step: WizardStep): string {
    if (this.flow.resuming) return stepLabel('authorize');
    const provider = this.flow.provider?.name ?? '';
    switch (step) {
      case 'provider':
        return msg('Choose a provider');
      case 'details':
        return msg('Describe the integration');
      case 'authorize':
        return msg(str`Connect to ${isolate(provider)}`);
      default:
        return msg('Review and finish');
    }
  }

  #renderStep(step: WizardStep) {
    if (this.#preselecting) return this.#renderPreselecting();
    if (this.flow.resuming) return this.#renderResuming();
    const provider = this.flow.provider;
    if (step === 'provider') return this.#renderProviderStep();
    if (!provider) return nothing;
    if (step === 'details') return this.#renderDetails(provider);
    if (step === 'authorize') return this.#renderAuthorize(provider);
    const integration = this.integration;
    return integration ? renderReview(integration, provider, this.activeClient) : nothing;
  }

  #renderPreselecting() {
    const query = this.#catalogue.state;
    if (query?.status === 'error') {
      return html`<div class="alert" part="alert" role="alert">
        <p>${icons.alert}<span title=${query.error.message}>${msg('The provider could not be loaded.')} ${errorSentence(query.error)}</span></p>
        <button type="button" @click=${() => void this.#catalogue.refetch()}>${msg('Retry')}</button>
      </div>`;
    }
    if (!this.activeClient) {
      return html`<p class="alert" role="alert">${icons.alert}<span>${msg('No integrations service is configured for this page.')}</span></p>`;
    }
    return html`<p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${msg('Loading provider…')}</p>`;
  }

  #renderResuming() {
    const query = this.#resuming.state;
    const catalogue = this.#catalogue.state;
    const failed = query?.status === 'error' ? query : catalogue?.status === 'error' ? catalogue : undefined;
    if (failed?.error) {
      const retry = () => void (query?.status === 'error' ? this.#resuming.refetch() : this.#catalogue.refetch());
      return html`<div class="alert" part="alert" role="alert">
        <p>${icons.alert}<span title=${failed.error.message}>${msg('The integration could not be loaded.')} ${errorSentence(failed.error)}</span></p>
        <button type="button" @click=${retry}>${msg('Retry')}</button>
      </div>`;
    }
    if (!this.activeClient) {
      return html`<p class="alert" role="alert">${icons.alert}<span>${msg('No integrations service is configured for this page.')}</span></p>`;
    }
    return html`<p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${msg('Loading integration…')}</p>`;
  }

  #renderProviderStep() {
    const { created, provider, missingProviderId } = this.flow;
    if (created && provider) {
      return html`<p class="notice">
        ${msg(str`This integration was created for ${isolate(provider.name)}. To use another provider, cancel and start again.`)}
      </p>`;
    }
    return html`<p class="intro">${msg('Pick the cloud service you want to connect.')}</p>
      ${
        missingProviderId
          ? html`<p class="notice">${msg(str`The provider “${isolate(missingProviderId)}” is not available. Choose another one.`)}</p>`
          : nothing
      }
      <provider-selector
        .client=${this.activeClient}
        .value=${provider?.id ?? ''}
        required
        error-message=${this.flow.providerRequired ? msg('Choose a provider to continue.') : ''}
        @provider-select=${this.#onProviderSelect}
      ></provider-selector>`;
  }

  #renderDetails(provider: CloudProvider) {
    const { draft, serverErrors, submitted, touched, saveError, otherErrors } = this.flow;
    const checks = validateDraft(draft, provider.settingsSchema);
    const error = (path: string) => serverErrors[path] ?? (submitted || touched.includes(path) ? checks[path] : undefined);
    const name: FormField = {
      path: 'name',
      id: 'name',
      label: msg('Name'),
      kind: 'text',
      required: true,
      hint: msg('A name your team will recognise, such as “Production storage”.'),
    };
    const description: FormField = { path: 'description', id: 'description', label: msg('Description'), kind: 'textarea', required: false };
    const settings = provider.settingsSchema;
    return html`<p class="intro">${msg(str`Name the integration and fill in what ${isolate(provider.name)} needs.`)}</p>
      ${saveError ? renderSaveError(saveError, otherErrors, this.#retrySave) : nothing}
      <form
        id="details-form"
        novalidate
        aria-describedby="form-note"
        @submit=${this.#onDetailsSubmit}
        @input=${this.#onFieldInput}
        @focusout=${this.#leaves.onFocusOut}
      >
        ${renderRequiredNote('form-note')} ${renderFormField(name, draft.name, error('name'))}
        ${renderFormField(description, draft.description, error('description'))}
        ${
          settings.length > 0
            ? html`<fieldset>
              <legend>${msg(str`${isolate(provider.name)} settings`)}</legend>
              ${settings.map((field) => {
                const control = settingFormField(field);
                return renderFormField(control, draft.settings[field.key], error(control.path));
              })}
            </fieldset>`
            : nothing
        }
      </form>`;
  }

  #renderAuthorize(provider: CloudProvider) {
    const integration = this.integration!;
    return html`<p class="intro">
        ${msg(str`Sign in to ${isolate(provider.name)} in the window that opens and allow access for “${isolate(integration.name)}”.`)}
      </p>
      ${
        provider.scopes.length > 0
          ? html`<div>
            <p class="hint" id="scopes-label">${msg('Access requested:')}</p>
            <ul class="scopes" aria-labelledby="scopes-label">
              ${provider.scopes.map((scope) => html`<li><code>${scope}</code></li>`)}
            </ul>
          </div>`
          : nothing
      }
      <oauth-button .client=${this.activeClient} integration-id=${integration.id} @integration-connected=${this.#onConnected}>
        ${msg(str`Connect to ${isolate(provider.name)}`)}
      </oauth-button>`;
  }

  #renderFooter(step: WizardStep) {
    const cancel =
      step === 'review' ? nothing : html`<button type="button" ?disabled=${this.#busy} @click=${this.#cancel}>${msg('Cancel')}</button>`;
    const back =
      step === 'provider' || this.#preselecting || this.flow.resuming
        ? nothing
        : html`<button type="button" ?disabled=${this.#busy} @click=${this.#back}>${msg('Back')}</button>`;
    return html`${cancel}<span class="spacer"></span>${back}${this.#renderPrimary(step)}`;
  }

  #renderPrimary(step: WizardStep) {
    if (this.#preselecting || this.flow.resuming) return nothing;
    switch (step) {
      case 'details':
        return html`<button type="submit" form="details-form" class="primary" aria-disabled=${this.#busy ? 'true' : 'false'}>
          ${this.#busy ? html`<span class="spinner" aria-hidden="true"></span>${msg('Saving…')}` : msg('Next')}
        </button>`;
      case 'authorize':
        return this.flow.connected ? html`<button type="button" class="primary" @click=${this.#next}>${msg('Next')}</button>` : nothing;
      case 'review':
        return html`<button type="button" class="primary" @click=${this.#finish}>${msg('Done')}</button>`;
      default:
        return html`<button type="button" class="primary" @click=${this.#next}>${msg('Next')}</button>`;
    }
  }
}
