/* eslint-disable lit/binding-positions, lit/no-invalid-html -- heading tags are static values (headings.ts, lit/static-html) */
import { nothing, svg } from 'lit';
import { html } from 'lit/static-html.js';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { localized, msg, str } from '@lit/localize';
import type { IntegrationError } from '../../core/errors.js';
import { DESCRIPTION_MAX_LENGTH as DESCRIPTION_MAX, NAME_MAX_LENGTH as NAME_MAX } from '../../core/rules.js';
import type { CloudProvider, Integration, IntegrationUpdateRequest } from '../../core/types.js';
import { IntegrationDeletedEvent, IntegrationUpdatedEvent } from '../../events/integration-events.js';
import { icons } from '../../internal/icons.js';
import { base, tokens } from '../../styles/tokens.js';
import type { ConfirmDialogElement } from '../confirm-dialog/confirm-dialog.js';
import type { IntegrationAction } from '../../core/permissions.js';
import { denialText } from '../../internal/permission-text.js';
import { GuardedPanelElement } from './guarded-panel.js';
import { showToast } from '../toast-region/define.js';
import { isolate } from '../../internal/bidi.js';
import { headingTag } from './headings.js';
import { errorSentence } from '../../internal/error-text.js';
import { descriptionError, nameError } from '../../internal/form-rules.js';
import { panelStyles } from './panel.styles.js';
import { headerStyles } from './details-header.styles.js';
import { statusIcon, statusLabel } from '../../internal/status.js';

const pencil = svg`<svg viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false" fill="currentColor"><path d="M11.1 1.6 14.4 4.9 5.3 14H2v-3.3zm0 2L3.4 11.3v1.3h1.3l7.7-7.7z"/></svg>`;

/** The actions the details offer anywhere: when one is not allowed, the header says why, once. */
const DETAILS_ACTIONS: readonly IntegrationAction[] = ['update', 'delete', 'connect', 'refresh', 'test'];

/**
 * The top of `<integration-details>`: name, description, provider and status, with inline
 * editing of the name and description, the enable/disable switch and delete (with confirmation).
 * What the caller may not do is not offered; the reason is said here once for the whole details.
 *
 * @summary Identity and lifecycle actions of one integration.
 * @fires integration-updated - Renamed, described, enabled or disabled.
 * @fires integration-deleted - Deleted after confirmation.
 * @fires integration-error - An action failed.
 * @csspart name - The name heading.
 * @internal
 */
@localized()
export class IntegrationDetailsHeaderElement extends GuardedPanelElement {
  static override styles = [tokens, base, panelStyles, headerStyles];

  /** The integration's provider, when the catalogue is loaded. */
  @property({ attribute: false }) provider: CloudProvider | undefined;

  /** @internal */
  @state() private editing = false;
  /** What the user typed; `undefined` while a field is untouched, so it shows (and keeps) the latest saved value. @internal */
  @state() private draftName: string | undefined;
  /** @internal */
  @state() private draftDescription: string | undefined;
  /** @internal */
  @state() private nameError = '';
  @state() private descriptionError = '';
  /** @internal */
  @state() private saveError: IntegrationError | undefined;

  @query('mwap-confirm-dialog') private dialog!: ConfirmDialogElement;
  @query('button.delete') private deleteButton!: HTMLButtonElement;
  @query('button.edit') private editButton!: HTMLButtonElement | null;
  @query('#name') private nameInput!: HTMLInputElement | null;
  @query('#description') private descriptionInput!: HTMLTextAreaElement | null;

  // --- name and description ----------------------------------------------------------------

  #startEditing = async (): Promise<void> => {
    const integration = this.integration;
    if (!integration || !this.can('update')) return;
    this.draftName = undefined;
    this.draftDescription = undefined;
    this.nameError = '';
    this.descriptionError = '';
    this.saveError = undefined;
    this.editing = true;
    await this.updateComplete;
    this.nameInput?.focus();
    this.nameInput?.select();
  };

  async #stopEditing(): Promise<void> {
    this.editing = false;
    this.saveError = undefined;
    await this.updateComplete;
    this.editButton?.focus();
  }

  #onEditKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    void this.#stopEditing();
  };

  #saveDetails = async (event: Event): Promise<void> => {
    event.preventDefault();
    const integration = this.integration;
    const client = this.activeClient;
    if (!integration || !client || this.isBusy('details') || !this.can('update')) return;
    const name = (this.draftName ?? integration.name).trim();
    // The fields being sent get the server's rules here, so what it would refuse is never sent.
    this.nameError = this.draftName === undefined ? '' : (nameError(this.draftName) ?? '');
    this.descriptionError = this.draftDescription === undefined ? '' : (descriptionError(this.draftDescription) ?? '');
    if (this.nameError) return this.nameInput?.focus();
    if (this.descriptionError) return this.descriptionInput?.focus();
    // Send only what the user changed: a field someone else edited meanwhile is not overwritten
    // with the value this form happened to open with.
    const patch: IntegrationUpdateRequest = {};
    if (this.draftName !== undefined && name !== integration.name) patch.name = name;
    const description = this.draftDescription === undefined ? undefined : this.draftDescription.trim() || null;
    if (description !== undefined && description !== (integration.description || null)) patch.description = description;
    if (Object.keys(patch).length === 0) return this.#stopEditing();
    this.saveError = undefined;
    const result = await this.perform('details', {
      run: () => client.updateIntegration(integration.id, patch),
      success: (saved) => msg(str`Saved “${isolate(saved.name)}”.`),
      // Field messages are shown at their fields instead.
      failure: (error) => (error.fields ? undefined : msg(str`Could not save the name and description: ${errorSentence(error)}`)),
    });
    if (result.ok) {
      this.dispatchEvent(new IntegrationUpdatedEvent(result.value));
      await this.#stopEditing();
    } else if (result.error.code !== 'aborted') {
      // The form stays open with what the user typed.
      // The server's field messages are shown at their fields; the notice only for what is left.
      const fields = result.error.fields ?? {};
      this.nameError = fields['name'] ?? '';
      this.descriptionError = fields['description'] ?? '';
      const elsewhere = Object.keys(fields).some((key) => key !== 'name' && key !== 'description');
      this.saveError = this.nameError || this.descriptionError ? (elsewhere ? result.error : undefined) : result.error;
      await this.updateComplete;
      if (this.nameError) this.nameInput?.focus();
      else if (this.descriptionError) this.renderRoot.querySelector<HTMLElement>('#description')?.focus();
    }
  };

  #reloadLatest = async (): Promise<void> => {
    const integration = this.integration;
    const client = this.activeClient;
    if (!integration || !client) return;
    const result = await this.perform('reload', {
      run: () => client.invalidate(integration.id),
      success: () => msg('Loaded the latest version. Your text is unchanged; save again to apply it.'),
      failure: (error) => msg(str`Could not load the latest version: ${errorSentence(error)}`),
    });
    if (result.ok) this.saveError = undefined;
  };

  // --- status ------------------------------------------------------------------------------

  #toggleEnabled = async (): Promise<void> => {
    const integration = this.integration;
    const client = this.activeClient;
    if (!integration || !client || integration.status === 'pending' || !this.can('update')) return;
    const status = integration.status === 'disabled' ? 'active' : 'disabled';
    const result = await this.perform('status', {
      run: () => client.updateIntegration(integration.id, { status }),
      success: (saved) =>
        status === 'active' ? msg(str`Enabled “${isolate(saved.name)}”.`) : msg(str`Disabled “${isolate(saved.name)}”.`),
      failure: (error) =>
        status === 'active'
          ? msg(str`Could not enable “${isolate(integration.name)}”: ${errorSentence(error)}`)
          : msg(str`Could not disable “${isolate(integration.name)}”: ${errorSentence(error)}`),
      retry: () => void this.#toggleEnabled(),
    });
    if (result.ok) this.dispatchEvent(new IntegrationUpdatedEvent(result.value));
    // Nothing typed is at stake here: take the server's version so the next try can succeed.
    else if (result.error.code === 'conflict') client.invalidate(integration.id).catch(() => undefined);
  };

  // --- delete ------------------------------------------------------------------------------

  #confirmDelete = async (): Promise<void> => {
    const integration = this.integration;
    const client = this.activeClient;
    if (!integration || !client || this.isBusy('delete') || !this.can('delete')) return;
    const trigger = this.deleteButton;
    const confirmed = await this.dialog.show();
    if (!confirmed) {
      // <dialog> restores focus itself; say so explicitly for hosts that move focus meanwhile.
      trigger.focus();
      return;
    }
    // The pane holding this part may replace it the moment the integration is gone (its watchers
    // are told before the delete resolves): then the pane announces the deletion.
    const pane = (this.getRootNode() as ShadowRoot).host ?? this;
    const result = await this.perform('delete', {
      run: () => client.deleteIntegration(integration.id),
      failure: (error) => msg(str`Could not delete “${isolate(integration.name)}”: ${errorSentence(error)}`),
    });
    if (result.ok) {
      (this.isConnected ? this : pane).dispatchEvent(new IntegrationDeletedEvent(integration.id));
      // Said after the event and about no integration: toasts about a deleted integration go with
      // it, and this part may already have left the page, which takes its toasts along.
      showToast({ message: msg(str`Deleted “${isolate(integration.name)}”.`), variant: 'success' });
    } else trigger.focus();
  };

  // --- rendering ---------------------------------------------------------------------------

  protected override render() {
    const integration = this.integration;
    if (!integration) return nothing;
    const mayUpdate = this.can('update');
    const editing = this.editing && mayUpdate;
    return html`<div class="identity">
        ${editing ? this.#renderEditForm(integration) : this.#renderIdentity(integration)}
        <div class="meta">
          <span class="provider">${icons.plug}<bdi>${this.provider?.name ?? integration.cloudProviderId}</bdi></span>
          <span class="status ${integration.status}">${statusIcon(integration.status)}<span>${statusLabel(integration.status)}</span></span>
        </div>
      </div>
      <div class="actions">
        ${
          editing || !mayUpdate
            ? nothing
            : html`<button type="button" class="edit quiet" aria-label=${msg('Edit name and description')} @click=${this.#startEditing}>
              ${pencil}${msg('Edit')}
            </button>`
        }
        ${mayUpdate ? this.#renderSwitch(integration) : nothing}
        ${
          this.can('delete')
            ? html`<button type="button" class="delete" aria-disabled=${this.isBusy('delete')} @click=${this.#confirmDelete}>
              ${this.isBusy('delete') ? html`<span class="spinner" aria-hidden="true"></span>${msg('Deleting…')}` : msg('Delete')}
            </button>`
            : nothing
        }
        ${this.#renderDenial()}
      </div>
      <mwap-confirm-dialog danger heading=${msg(str`Delete “${isolate(integration.name)}”?`)} confirm-label=${msg('Delete integration')}>
        <p>${msg(str`“${isolate(integration.name)}” will be removed and its provider tokens revoked. Anything using this connection stops working. This cannot be undone.`)}</p>
      </mwap-confirm-dialog>`;
  }

  #renderIdentity(integration: Integration) {
    const tag = headingTag(this.headingLevel);
    return html`<${tag} class="name" part="name"><bdi>${integration.name}</bdi></${tag}>
      <p class="description">${integration.description ? html`<bdi>${integration.description}</bdi>` : msg('No description')}</p>`;
  }

  /** Why some of the details' actions are missing: said once, here, before anyone tries. */
  #renderDenial() {
    const reason = DETAILS_ACTIONS.map((action) => this.permissions.denied(action)).find((denied) => denied !== undefined);
    return reason ? html`<p class="denied">${denialText(reason)}</p>` : nothing;
  }

  #renderSwitch(integration: Integration) {
    const busy = this.isBusy('status');
    const pending = integration.status === 'pending';
    return html`<button
      type="button"
      class="switch quiet"
      role="switch"
      aria-checked=${integration.status !== 'disabled' ? 'true' : 'false'}
      aria-disabled=${busy || pending ? 'true' : 'false'}
      aria-busy=${busy ? 'true' : 'false'}
      title=${pending ? msg('Connect the integration before enabling it.') : nothing}
      @click=${this.#toggleEnabled}
    >
      <span class="track" aria-hidden="true"><span class="thumb"></span></span>
      <span>${msg('Enabled')}</span>
      ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
    </button>`;
  }

  #renderEditForm(integration: Integration) {
    const busy = this.isBusy('details');
    const conflict = this.saveError?.code === 'conflict';
    return html`<form class="edit" novalidate @submit=${this.#saveDetails} @keydown=${this.#onEditKeydown}>
      <label for="name">${msg('Name')}</label>
      <input
        id="name"
        name="name"
        autocomplete="off"
        required
        maxlength=${NAME_MAX}
        .value=${live(this.draftName ?? integration.name)}
        aria-invalid=${this.nameError ? 'true' : 'false'}
        aria-describedby="name-error"
        @input=${(e: Event) => ((this.draftName = (e.target as HTMLInputElement).value), (this.nameError = ''))}
      />
      <div id="name-error" class="field-error">${this.nameError}</div>
      <label for="description">${msg('Description')}</label>
      <textarea
        id="description"
        name="description"
        rows="2"
        maxlength=${DESCRIPTION_MAX}
        .value=${live(this.draftDescription ?? integration.description ?? '')}
        aria-invalid=${this.descriptionError ? 'true' : 'false'}
        aria-describedby="description-error"
        @input=${(e: Event) => ((this.draftDescription = (e.target as HTMLTextAreaElement).value), (this.descriptionError = ''))}
      ></textarea>
      <div id="description-error" class="field-error">${this.descriptionError}</div>
      ${
        this.saveError
          ? html`<div class="notice ${conflict ? 'warning' : 'danger'}" role="alert">
            <span class="text">${errorSentence(this.saveError)}${conflict ? html` ${msg('Your text is kept.')}` : nothing}</span>
            ${
              conflict
                ? html`<button type="button" aria-disabled=${this.isBusy('reload')} @click=${this.#reloadLatest}>${msg('Reload latest')}</button>`
                : nothing
            }
          </div>`
          : nothing
      }
      <div class="buttons">
        <button type="submit" class="primary" aria-disabled=${busy}>
          ${busy ? html`<span class="spinner" aria-hidden="true"></span>${msg('Saving…')}` : msg('Save')}
        </button>
        <button type="button" @click=${() => void this.#stopEditing()}>${msg('Cancel')}</button>
      </div>
    </form>`;
  }
}
