import { css, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { isolate } from '../../internal/bidi.js';
import { toIntegrationError, type IntegrationError } from '../../core/errors.js';
import type { CloudProvider, Integration, IntegrationSettings, ProviderSettingField, SettingValue } from '../../core/types.js';
import { QueryController } from '../../controllers/query-controller.js';
import { IntegrationUpdatedEvent } from '../../events/integration-events.js';
import { icons } from '../../internal/icons.js';
import { base, tokens } from '../../styles/tokens.js';
import { DetailsPanelElement } from './details-panel.js';
import { errorSentence } from '../../internal/error-text.js';
import {
  FieldLeaveController,
  readEdit,
  renderFormField,
  renderRequiredNote,
  settingFieldId,
  settingFormField,
  type FieldNote,
  type FormValue,
} from '../../internal/settings-form.js';
import { settingsFormStyles } from '../../internal/settings-form.styles.js';
import { panelStyles } from './panel.styles.js';
import { displayValue, parseInput, sameValue, savedValue, validateSetting } from './settings-validation.js';

/** Fired (not composed) on the editor when its unsaved-changes state flips. @internal */
export const DIRTY_CHANGE = 'mwap-dirty-change';

/**
 * The provider-specific settings of one integration, as a form generated from the provider's
 * settings schema: inline validation, a dirty indicator, Save through the optimistic update. A
 * stale write (someone else saved first) is shown with "Reload latest" and never overwrites
 * anything; the user's edits survive every failed save.
 *
 * @summary Settings form of one integration.
 * @fires integration-updated - Settings were saved.
 * @fires integration-error - Loading the provider catalogue or saving failed.
 * @internal
 */
@localized()
export class IntegrationSettingsEditorElement extends DetailsPanelElement {
  static override styles = [
    tokens,
    base,
    panelStyles,
    css`
      form {
        display: grid;
        gap: calc(var(--_space) * 2);
        max-width: 40rem;
      }
      .dirty {
        display: inline-flex;
        align-items: center;
        gap: 0.4em;
        font-size: 0.85em;
        font-weight: 600;
        color: var(--_warning);
      }
      .dirty::before {
        content: '';
        inline-size: 0.55em;
        block-size: 0.55em;
        border-radius: 50%;
        background: currentColor;
      }
      .other dt {
        font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
      }
      .buttons {
        margin-block-start: 0;
      }
    `,
    settingsFormStyles,
  ];

  /** Values the user changed, by setting key. @internal */
  @state() private draft: IntegrationSettings = {};
  /** The saved settings the edits started from, to point out what someone else changed. @internal */
  @state() private editBase: IntegrationSettings | undefined;
  /** Fields whose errors show (left once, or all after a save attempt). @internal */
  @state() private touched: ReadonlySet<string> = new Set();
  /** @internal */
  @state() private submitted = false;
  /** @internal */
  @state() private saveError: IntegrationError | undefined;
  /** The latest version was loaded after a conflict; the edits wait for a new Save. @internal */
  @state() private reloaded = false;

  #wasDirty = false;

  readonly #leaves = new FieldLeaveController(this, (path) => {
    const field = this.#fieldAt(path);
    if (field) this.#touch(field);
  });

  readonly #providers = new QueryController<CloudProvider[]>(
    this,
    (client) => client.queries.providers(),
    () => this.activeClient,
  );

  /** True while there are edits that are not saved. */
  get dirty(): boolean {
    // While a save is in flight the cache already shows the edits (optimistic update); they are
    // still unsaved until the server agrees.
    if (this.isBusy('save') && Object.keys(this.draft).length > 0) return true;
    const settings = this.integration?.settings ?? {};
    return Object.entries(this.draft).some(([key, value]) => !sameValue(value, settings[key]));
  }

  get #fields(): ProviderSettingField[] | undefined {
    const providers = this.#providers.state?.data;
    if (!providers || !this.integration) return undefined;
    return providers.find((p) => p.id === this.integration!.cloudProviderId)?.settingsSchema ?? [];
  }

  #fieldAt(path: string): ProviderSettingField | undefined {
    return this.#fields?.find((field) => `settings.${field.key}` === path);
  }

  #currentValue(field: ProviderSettingField, integration: Integration): SettingValue {
    return Object.prototype.hasOwnProperty.call(this.draft, field.key) ? this.draft[field.key]! : savedValue(field, integration.settings);
  }

  #errorOf(field: ProviderSettingField, integration: Integration): string | undefined {
    const local = validateSetting(field, this.#currentValue(field, integration));
    if (local) return this.touched.has(field.key) || this.submitted ? local : undefined;
    // What the server said about the value that was sent, while the value is unchanged.
    const fields = this.saveError?.fields;
    return fields?.[`settings.${field.key}`] ?? fields?.[field.key];
  }

  // --- editing -----------------------------------------------------------------------------

  #onInput = (event: Event): void => {
    const edit = readEdit(event);
    const field = edit && this.#fieldAt(edit.path);
    if (!edit || !field) return;
    this.#edit(field, edit.value);
    // A choice is made in one go: its check shows at once, as a text field's does once left.
    if (field.type === 'boolean' || field.type === 'select') this.#touch(field);
  };

  #edit(field: ProviderSettingField, raw: FormValue): void {
    this.editBase ??= { ...(this.integration?.settings ?? {}) };
    this.draft = { ...this.draft, [field.key]: parseInput(field, raw) };
    if (this.saveError?.code === 'validation_failed') this.saveError = undefined;
  }

  #touch(field: ProviderSettingField): void {
    if (!this.touched.has(field.key)) this.touched = new Set([...this.touched, field.key]);
  }

  #discard = (): void => {
    this.draft = {};
    this.editBase = undefined;
    this.touched = new Set();
    this.submitted = false;
    this.saveError = undefined;
    this.reloaded = false;
  };

  #save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const integration = this.integration;
    const client = this.activeClient;
    const fields = this.#fields;
    if (!integration || !client || !fields || this.isBusy('save')) return;
    this.submitted = true;
    const invalid = fields.find((field) => validateSetting(field, this.#currentValue(field, integration)));
    if (invalid) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#${settingFieldId(invalid.key)}`)?.focus();
      return;
    }
    if (!this.dirty) return;
    const settings = { ...integration.settings, ...this.draft };
    this.saveError = undefined;
    const result = await this.perform('save', {
      run: () => client.updateIntegration(integration.id, { settings }),
      success: () => msg('Settings saved.'),
      failure: (error) =>
        error.code === 'conflict'
          ? msg('Settings not saved: someone else changed this integration. Your edits are kept.')
          : msg(str`Settings not saved: ${errorSentence(error)} Your edits are kept.`),
    });
    if (result.ok) {
      this.#discard();
      this.dispatchEvent(new IntegrationUpdatedEvent(result.value));
    } else if (result.error.code !== 'aborted') {
      this.saveError = result.error;
      this.reloaded = false;
    }
  };

  #reloadLatest = async (): Promise<void> => {
    const integration = this.integration;
    const client = this.activeClient;
    if (!integration || !client) return;
    const result = await this.perform('reload', {
      run: () => client.invalidate(integration.id),
      failure: (error) => msg(str`Could not load the latest version: ${errorSentence(error)}`),
    });
    if (result.ok) {
      this.saveError = undefined;
      this.reloaded = true;
    }
  };

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const dirty = this.dirty;
    if (dirty !== this.#wasDirty) {
      this.#wasDirty = dirty;
      this.dispatchEvent(new Event(DIRTY_CHANGE));
    }
    if (this.#providers.state?.status === 'error') this.reportOnce(this.#providers.state.error);
  }

  // --- rendering -----------------------------------------------------------------------------

  protected override render() {
    const integration = this.integration;
    if (!integration) return nothing;
    const dirty = this.dirty;
    return html`<div class="panel-head">
        <h3>${msg('Settings')}</h3>
        ${dirty ? html`<span class="dirty" role="status">${msg('Unsaved changes')}</span>` : html`<span role="status"></span>`}
      </div>
      ${this.#renderBody(integration, dirty)}`;
  }

  #renderBody(integration: Integration, dirty: boolean) {
    const providers = this.#providers.state;
    if (providers?.status === 'error' && !providers.data) {
      return html`<div class="notice danger">
        <span class="text">${msg(str`Could not load the settings form: ${errorSentence(toIntegrationError(providers.error))}`)}</span>
        <button type="button" @click=${() => void this.#providers.refetch()}>${msg('Try again')}</button>
      </div>`;
    }
    const fields = this.#fields;
    if (!fields) {
      return html`<div role="status"><span class="visually-hidden">${msg('Loading settings…')}</span><span class="skeleton" aria-hidden="true"></span></div>`;
    }
    const known = new Set(fields.map((f) => f.key));
    const others = Object.entries(integration.settings).filter(([key]) => !known.has(key));
    if (fields.length === 0 && others.length === 0) {
      return html`<p class="muted">${msg('This provider has no settings to configure.')}</p>`;
    }
    const busy = this.isBusy('save');
    return html`${this.#renderNotices()}
      <form novalidate @submit=${this.#save} @input=${this.#onInput} @focusout=${this.#leaves.onFocusOut} aria-describedby="form-note">
        ${renderRequiredNote('form-note')} ${fields.map((field) => this.#renderField(field, integration))}
        <div class="buttons">
          <button type="submit" class="save primary" aria-disabled=${busy || !dirty ? 'true' : 'false'}>
            ${busy ? html`<span class="spinner" aria-hidden="true"></span>${msg('Saving…')}` : msg('Save settings')}
          </button>
          ${dirty ? html`<button type="button" class="discard" @click=${this.#discard}>${msg('Discard changes')}</button>` : nothing}
        </div>
      </form>
      ${
        others.length
          ? html`<h4>${msg('Other settings')}</h4>
            <dl class="facts other">
              ${others.map(([key, value]) => html`<div><dt>${key}</dt><dd>${displayValue(value)}</dd></div>`)}
            </dl>`
          : nothing
      }`;
  }

  #renderNotices() {
    const error = this.saveError;
    if (error?.code === 'conflict') {
      return html`<div class="notice warning conflict" role="alert">
        <span class="text">
          <strong>${msg('Not saved: someone else changed this integration since you opened it.')}</strong>
          ${msg('Your edits are kept and nothing was overwritten. Load the latest version, review, then save again.')}
        </span>
        <button type="button" class="reload" aria-disabled=${this.isBusy('reload')} @click=${this.#reloadLatest}>
          ${this.isBusy('reload') ? html`<span class="spinner" aria-hidden="true"></span>` : icons.refresh}${msg('Reload latest')}
        </button>
      </div>`;
    }
    if (error) {
      return html`<div class="notice danger" role="alert">
        <span class="text">${msg(str`Not saved: ${errorSentence(error)}`)} ${msg('Your edits are kept.')}</span>
      </div>`;
    }
    if (this.reloaded) {
      return html`<div class="notice" role="status">
        <span class="text">${msg('Loaded the latest version. Your unsaved edits are kept; fields someone else also changed are marked. Save again to apply them.')}</span>
      </div>`;
    }
    return nothing;
  }

  #renderField(field: ProviderSettingField, integration: Integration) {
    const control = settingFormField(field);
    const value = this.#currentValue(field, integration);
    const theirs = this.#theirChange(field, integration);
    const notes: FieldNote[] =
      theirs === undefined
        ? []
        : [{ id: `${control.id}-theirs`, content: msg(str`Someone else changed this to “${isolate(displayValue(theirs) || '—')}”.`) }];
    return renderFormField(
      control,
      field.type === 'boolean' ? value === true : displayValue(value),
      this.#errorOf(field, integration),
      notes,
    );
  }

  /** After a conflict reload: the server's new value of a field the user also edited. */
  #theirChange(field: ProviderSettingField, integration: Integration): SettingValue | undefined {
    if (!this.reloaded || !this.editBase || !Object.prototype.hasOwnProperty.call(this.draft, field.key)) return undefined;
    const before = this.editBase[field.key];
    const now = integration.settings[field.key];
    return sameValue(before, now) ? undefined : (now ?? null);
  }
}
