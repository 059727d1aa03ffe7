import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { IntegrationsClient } from '../../core/client.js';
import { toIntegrationError, type IntegrationError } from '../../core/errors.js';
import type { CloudProvider, Integration, IntegrationCreateRequest } from '../../core/types.js';
import { QueryController } from '../../controllers/query-controller.js';
import { IntegrationCreatedEvent, IntegrationDeletedEvent, type IntegrationConnectedEvent } from '../../events/integration-events.js';
import { MwapElement } from '../../internal/mwap-element.js';
import { describeError, errorSentence } from '../../internal/error-text.js';
import { icons } from '../../internal/icons.js';
import { base, tokens } from '../../styles/tokens.js';
import '../confirm-dialog/define.js';
import type { ConfirmDialogElement } from '../confirm-dialog/define.js';
import '../oauth-button/define.js';
import '../provider-selector/define.js';
import type { ProviderSelectEvent } from '../provider-selector/define.js';
import {
  createRequest,
  defaultSettings,
  draftHasInput,
  emptyDraft,
  sameRequest,
  settingPath,
  validateDraft,
  type DetailsDraft,
  type FieldMessages,
} from './draft.js';
import { renderField, settingSpec, type FieldSpec } from './fields.js';
import { wizardStyles } from './integration-wizard.styles.js';
import { WizardCancelEvent, WizardCompleteEvent } from '../../events/wizard-events.js';
import { renderReview, renderSaveError, renderStepIndicator, STEPS, type WizardStep } from './wizard-views.js';

/** Failures after which the server may or may not have created the integration. */
const OUTCOME_UNKNOWN = new Set(['network_error', 'server_error', 'invalid_response', 'aborted']);

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
 * would be lost. Focus moves to the step's heading on every step change.
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
  static override styles = [tokens, base, wizardStyles];

  /** Preselects this provider and starts on the Details step. */
  @property({ attribute: 'provider-id' }) providerId = '';

  /** @internal */ @state() private step: WizardStep = 'provider';
  /** @internal */ @state() private provider: CloudProvider | undefined;
  /** @internal */ @state() private draft: DetailsDraft = emptyDraft();
  /** @internal */ @state() private touched: ReadonlySet<string> = new Set();
  /** @internal */ @state() private submitted = false;
  /** @internal */ @state() private serverErrors: FieldMessages = {};
  /** @internal */ @state() private otherErrors: string[] = [];
  /** @internal */ @state() private saving = false;
  /** @internal */ @state() private saveError: IntegrationError | undefined;
  /** @internal */ @state() private selectionError = '';
  /** @internal */ @state() private missingProviderId = '';
  /** @internal */ @state() private created: Integration | undefined;
  /** @internal */ @state() private connected: Integration | undefined;
  /** @internal */ @state() private announcement = '';
  /** Leaving after the integration was created: delete it rather than keep it unconnected. @internal */
  @state() private deleteOnLeave = false;
  /** @internal */ @state() private leaveError: IntegrationError | undefined;

  /** @internal */ @query('#heading') private heading: HTMLElement | null | undefined;
  /** @internal */ @query('mwap-confirm-dialog') private confirmDialog: ConfirmDialogElement | null | undefined;

  readonly #catalogue = new QueryController<CloudProvider[]>(this, (client) => client.queries.providers(), () => this.activeClient);
  #idempotencyKey = newIdempotencyKey();
  /** The request the server holds now; a different one on Next means PATCH, never a second create. */
  #savedRequest: IntegrationCreateRequest | undefined;
  /** A create whose outcome is unknown (lost answer): replayed as it was, under the same key. */
  #unsettledRequest: IntegrationCreateRequest | undefined;
  #preselected = false;
  #userPickedProvider = false;
  #focusAfterUpdate: (() => HTMLElement | null | undefined) | undefined;
  #reportedError: unknown;

  /** The step on screen. */
  get currentStep(): WizardStep {
    return this.step;
  }

  /** The integration this wizard created (after connecting, the connected copy). */
  get integration(): Integration | undefined {
    return this.connected ?? this.created;
  }

  /** Starts over with nothing entered (and a new idempotency key: a new integration). */
  reset(): void {
    this.step = 'provider';
    this.provider = undefined;
    this.draft = emptyDraft();
    this.touched = new Set();
    this.submitted = false;
    this.serverErrors = {};
    this.otherErrors = [];
    this.saveError = undefined;
    this.selectionError = '';
    this.missingProviderId = '';
    this.created = undefined;
    this.deleteOnLeave = false;
    this.leaveError = undefined;
    this.connected = undefined;
    this.announcement = '';
    this.#idempotencyKey = newIdempotencyKey();
    this.#savedRequest = undefined;
    this.#unsettledRequest = undefined;
    this.#preselected = false;
    this.#userPickedProvider = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('providerId') && !this.created) this.#preselected = false;
    const providers = this.#catalogue.state?.data;
    if (this.providerId && !this.#preselected && providers) {
      this.#preselected = true;
      const found = providers.find((p) => p.id === this.providerId);
      this.missingProviderId = found ? '' : this.providerId;
      if (found) {
        this.#useProvider(found);
        if (this.step === 'provider') this.step = 'details';
      }
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // On step 1 the selector reports a failed provider list; while preselecting, nobody else does.
    const query = this.#catalogue.state;
    if (this.#preselecting && query?.status === 'error' && query.error !== this.#reportedError) {
      this.#reportedError = query.error;
      this.emitError(query.error);
    }
    const target = this.#focusAfterUpdate?.();
    this.#focusAfterUpdate = undefined;
    target?.focus();
  }

  get #preselecting(): boolean {
    return Boolean(this.providerId) && !this.#preselected;
  }

  #go(step: WizardStep): void {
    this.step = step;
    this.leaveError = undefined;
    this.#focusAfterUpdate = () => this.heading;
  }

  #useProvider(provider: CloudProvider): void {
    if (this.provider?.id === provider.id) return;
    this.provider = provider;
    this.draft = { ...this.draft, settings: defaultSettings(provider.settingsSchema) };
    this.touched = new Set([...this.touched].filter((path) => !path.startsWith('settings.')));
    this.submitted = false;
    this.serverErrors = {};
  }

  #hasEnteredData(): boolean {
    return Boolean(this.created) || this.#userPickedProvider || draftHasInput(this.draft, this.provider?.settingsSchema ?? []);
  }

  // --- step 1 ------------------------------------------------------------------------------

  #onProviderSelect = (event: ProviderSelectEvent) => {
    event.stopPropagation(); // an inner detail; the wizard's own events are the public ones
    this.#userPickedProvider = true;
    this.selectionError = '';
    this.#useProvider(event.detail.provider);
  };

  #next = () => {
    if (this.step === 'provider') {
      if (this.provider) return this.#go('details');
      this.selectionError = msg('Choose a provider to continue.');
      this.#focusAfterUpdate = () => this.renderRoot.querySelector('provider-selector');
      return;
    }
    if (this.step === 'authorize' && this.connected) this.#go('review');
  };

  #back = () => {
    const index = STEPS.indexOf(this.step);
    if (index > 0 && !this.saving) this.#go(STEPS[index - 1]!);
  };

  // --- step 2 ------------------------------------------------------------------------------

  #onFieldInput = (event: Event) => {
    const target = event.target as HTMLInputElement;
    const path = target.dataset.path;
    if (!path) return;
    const value = target.type === 'checkbox' ? target.checked : target.value;
    if (path === 'name' || path === 'description') this.draft = { ...this.draft, [path]: String(value) };
    else this.draft = { ...this.draft, settings: { ...this.draft.settings, [path.slice('settings.'.length)]: value } };
    if (path in this.serverErrors) {
      const { [path]: _fixed, ...rest } = this.serverErrors;
      this.serverErrors = rest;
    }
  };

  #onFieldBlur = (event: FocusEvent) => {
    const path = (event.target as HTMLElement).dataset?.path;
    if (path && !this.touched.has(path)) this.touched = new Set([...this.touched, path]);
  };

  #onDetailsSubmit = (event: Event) => {
    event.preventDefault();
    void this.#submitDetails();
  };

  #retrySave = () => void this.#submitDetails();

  async #submitDetails(): Promise<void> {
    const provider = this.provider;
    const client = this.activeClient;
    if (this.saving || !provider || !client) return;
    this.submitted = true;
    const problems = Object.keys(validateDraft(this.draft, provider.settingsSchema));
    if (problems.length > 0) {
      this.#announce(problems.length === 1 ? msg('1 field needs your attention.') : msg(str`${problems.length} fields need your attention.`));
      this.#focusFirstInvalidField();
      return;
    }
    this.saving = true;
    this.saveError = undefined;
    this.otherErrors = [];
    try {
      await this.#save(client, createRequest(this.draft, provider.id, provider.settingsSchema));
      this.#go('authorize');
    } catch (error) {
      this.#showSaveFailure(toIntegrationError(error), provider);
    } finally {
      this.saving = false;
    }
  }

  /** Creates the integration the first time, updates it after. */
  async #save(client: IntegrationsClient, request: IntegrationCreateRequest): Promise<void> {
    if (!this.created) {
      const sent = this.#unsettledRequest ?? request;
      let created: Integration;
      try {
        created = await client.createIntegration(sent, { idempotencyKey: this.#idempotencyKey });
      } catch (error) {
        this.#unsettledRequest = OUTCOME_UNKNOWN.has(toIntegrationError(error).code) ? sent : undefined;
        throw error;
      }
      this.#unsettledRequest = undefined;
      this.created = created;
      this.#savedRequest = sent;
      this.#announce(msg('Integration created.'));
      this.dispatchEvent(new IntegrationCreatedEvent(created));
    }
    if (this.#savedRequest && !sameRequest(this.#savedRequest, request)) {
      this.created = await client.updateIntegration(this.created.id, {
        name: request.name,
        description: request.description ?? null,
        settings: request.settings ?? {},
      });
      this.#savedRequest = request;
    }
  }

  #showSaveFailure(error: IntegrationError, provider: CloudProvider): void {
    this.emitError(error, this.created?.id);
    const known = new Set(['name', 'description', ...provider.settingsSchema.map(settingPath)]);
    const fields = error.code === 'validation_failed' ? Object.entries(error.fields ?? {}) : [];
    const inline = fields.filter(([path]) => known.has(path));
    this.serverErrors = Object.fromEntries(inline);
    this.otherErrors = fields.filter(([path]) => !known.has(path)).map(([, message]) => message);
    if (inline.length > 0 && this.otherErrors.length === 0) {
      this.saveError = undefined;
      this.#announce(msg('The server did not accept some values.'));
      this.#focusFirstInvalidField();
    } else {
      this.saveError = error;
    }
  }

  #focusFirstInvalidField(): void {
    this.#focusAfterUpdate = () => this.renderRoot.querySelector<HTMLElement>('form [aria-invalid="true"]');
  }

  #announce(text: string): void {
    // Clear first so the same words twice are announced twice.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = text));
  }

  // --- steps 3 and 4 -----------------------------------------------------------------------

  #onConnected = (event: IntegrationConnectedEvent) => {
    // The event goes on to the host (it is composed); the wizard only moves on.
    this.connected = event.detail.integration;
    this.created = event.detail.integration;
    this.#go('review');
  };

  #finish = () => {
    const integration = this.integration;
    if (integration) this.dispatchEvent(new WizardCompleteEvent(integration));
  };

  #cancel = async () => {
    if (this.saving) return;
    this.deleteOnLeave = false;
    this.leaveError = undefined;
    const connectedBefore = this.connected;
    if (this.#hasEnteredData() && !(await this.confirmDialog?.show())) return;
    // The sign-in may have finished while the dialog was open: what it asked about no longer holds.
    if (this.connected !== connectedBefore) return;
    let integration = this.integration;
    if (integration && this.deleteOnLeave) {
      if (!(await this.#deleteCreated(integration))) return;
      integration = undefined;
    }
    this.reset();
    this.dispatchEvent(new WizardCancelEvent(integration));
  };

  /** Deletes what this wizard created, on the way out; false (and the reason shown) if it failed. */
  async #deleteCreated(integration: Integration): Promise<boolean> {
    const client = this.activeClient;
    if (!client) return false;
    this.saving = true;
    try {
      await client.deleteIntegration(integration.id);
      this.dispatchEvent(new IntegrationDeletedEvent(integration.id));
      return true;
    } catch (error) {
      this.leaveError = this.emitError(error, integration.id);
      return false;
    } finally {
      this.saving = false;
    }
  }

  // --- rendering ---------------------------------------------------------------------------

  protected override render() {
    const step = this.#preselecting ? 'details' : this.step;
    const index = STEPS.indexOf(step);
    return html`<div part="base" class="base">
      ${renderStepIndicator(step)}
      <div part="body" class="body" aria-busy=${this.saving ? 'true' : 'false'}>
        <h2 id="heading" part="heading" tabindex="-1">
          <span class="eyebrow">${msg(str`Step ${index + 1} of ${STEPS.length}`)}</span>${this.#stepTitle(step)}
        </h2>
        ${this.#renderStep(step)} ${this.#renderLeaveError()}
      </div>
      <div part="footer" class="footer">${this.#renderFooter(step)}</div>
    </div>
    <div class="visually-hidden" role="status">${this.announcement}</div>
    <mwap-confirm-dialog heading=${this.created ? msg('Leave the wizard?') : msg('Discard this integration?')} confirm-label=${this.created ? msg('Leave') : msg('Discard')} danger>
        ${this.created
          ? html`<p>${msg(str`“${this.created.name}” was already created. It stays in your list, not connected, and you can connect it later.`)}</p>
              <label class="delete-choice">
                <input type="checkbox" .checked=${this.deleteOnLeave} @change=${(e: Event) => (this.deleteOnLeave = (e.target as HTMLInputElement).checked)} />
                ${msg(str`Delete “${this.created.name}” instead`)}
              </label>`
          : msg('What you entered will be lost.')}
    </mwap-confirm-dialog>`;
  }

  #renderLeaveError() {
    if (!this.leaveError || !this.created) return nothing;
    return html`<div class="alert" part="alert" role="alert">
      <p>${icons.alert}<span><strong>${msg(str`“${this.created.name}” could not be deleted.`)}</strong> ${describeError(this.leaveError).title} ${msg('It is still in your list.')}</span></p>
    </div>`;
  }

  #stepTitle(step: WizardStep): string {
    const provider = this.provider?.name ?? '';
    switch (step) {
      case 'provider':
        return msg('Choose a provider');
      case 'details':
        return msg('Describe the integration');
      case 'authorize':
        return msg(str`Connect to ${provider}`);
      default:
        return msg('Review and finish');
    }
  }

  #renderStep(step: WizardStep) {
    if (this.#preselecting) return this.#renderPreselecting();
    const provider = this.provider;
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

  #renderProviderStep() {
    if (this.created && this.provider) {
      return html`<p class="notice">
        ${msg(str`This integration was created for ${this.provider.name}. To use another provider, cancel and start again.`)}
      </p>`;
    }
    return html`<p class="intro">${msg('Pick the cloud service you want to connect.')}</p>
      ${this.missingProviderId
        ? html`<p class="notice">${msg(str`The provider “${this.missingProviderId}” is not available. Choose another one.`)}</p>`
        : nothing}
      <provider-selector
        .client=${this.activeClient}
        .value=${this.provider?.id ?? ''}
        required
        error-message=${this.selectionError}
        @provider-select=${this.#onProviderSelect}
      ></provider-selector>`;
  }

  #renderDetails(provider: CloudProvider) {
    const checks = validateDraft(this.draft, provider.settingsSchema);
    const error = (path: string) => this.serverErrors[path] ?? (this.submitted || this.touched.has(path) ? checks[path] : undefined);
    const name: FieldSpec = {
      path: 'name',
      id: 'name',
      label: msg('Name'),
      kind: 'text',
      required: true,
      hint: msg('A name your team will recognise, such as “Production storage”.'),
    };
    const description: FieldSpec = { path: 'description', id: 'description', label: msg('Description'), kind: 'textarea', required: false };
    const settings = provider.settingsSchema;
    return html`<p class="intro">${msg(str`Name the integration and fill in what ${provider.name} needs.`)}</p>
      ${this.saveError ? renderSaveError(this.saveError, this.otherErrors, this.#retrySave) : nothing}
      <form id="details-form" novalidate @submit=${this.#onDetailsSubmit} @input=${this.#onFieldInput} @focusout=${this.#onFieldBlur}>
        ${renderField(name, this.draft.name, error('name'))} ${renderField(description, this.draft.description, error('description'))}
        ${settings.length > 0
          ? html`<fieldset>
              <legend>${msg(str`${provider.name} settings`)}</legend>
              ${settings.map((field, i) => {
                const spec = settingSpec(field, i);
                return renderField(spec, this.draft.settings[field.key], error(spec.path));
              })}
            </fieldset>`
          : nothing}
      </form>`;
  }

  #renderAuthorize(provider: CloudProvider) {
    const integration = this.integration!;
    return html`<p class="intro">
        ${msg(str`Sign in to ${provider.name} in the window that opens and allow access for “${integration.name}”.`)}
      </p>
      ${provider.scopes.length > 0
        ? html`<div>
            <p class="hint" id="scopes-label">${msg('Access requested:')}</p>
            <ul class="scopes" aria-labelledby="scopes-label">
              ${provider.scopes.map((scope) => html`<li><code>${scope}</code></li>`)}
            </ul>
          </div>`
        : nothing}
      <oauth-button .client=${this.activeClient} integration-id=${integration.id} @integration-connected=${this.#onConnected}>
        ${msg(str`Connect to ${provider.name}`)}
      </oauth-button>`;
  }

  #renderFooter(step: WizardStep) {
    const cancel = step === 'review' ? nothing : html`<button type="button" ?disabled=${this.saving} @click=${this.#cancel}>${msg('Cancel')}</button>`;
    const back =
      step === 'provider' || this.#preselecting
        ? nothing
        : html`<button type="button" ?disabled=${this.saving} @click=${this.#back}>${msg('Back')}</button>`;
    return html`${cancel}<span class="spacer"></span>${back}${this.#renderPrimary(step)}`;
  }

  #renderPrimary(step: WizardStep) {
    if (this.#preselecting) return nothing;
    switch (step) {
      case 'details':
        return html`<button type="submit" form="details-form" class="primary" aria-disabled=${this.saving ? 'true' : 'false'}>
          ${this.saving ? html`<span class="spinner" aria-hidden="true"></span>${msg('Saving…')}` : msg('Next')}
        </button>`;
      case 'authorize':
        return this.connected ? html`<button type="button" class="primary" @click=${this.#next}>${msg('Next')}</button>` : nothing;
      case 'review':
        return html`<button type="button" class="primary" @click=${this.#finish}>${msg('Done')}</button>`;
      default:
        return html`<button type="button" class="primary" @click=${this.#next}>${msg('Next')}</button>`;
    }
  }
}
