import { css, html } from 'lit';
import { property, query } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { LitElement } from 'lit';
import { base, tokens } from '../../styles/tokens.js';

/**
 * A modal confirmation on the native `<dialog>`: the browser traps focus, closes on Escape and
 * puts focus back where it was. `show()` resolves `true` only for the confirm button.
 *
 * @tag mwap-confirm-dialog
 * @summary Asks before something that cannot be undone.
 * @slot - What will happen, in words.
 * @csspart dialog - The `<dialog>`.
 * @csspart confirm - The confirm button.
 * @csspart cancel - The cancel button.
 * @cssprop --mwap-confirm-dialog-width - Dialog width. Default `min(28rem, 100vw - 2rem)`.
 */
@localized()
export class ConfirmDialogElement extends LitElement {
  static override styles = [
    tokens,
    base,
    css`
      dialog {
        width: var(--mwap-confirm-dialog-width, min(28rem, calc(100vw - 2rem)));
        max-block-size: calc(100dvh - 2rem);
        box-sizing: border-box;
        /* Long names and words wrap: the dialog never scrolls sideways. */
        overflow-wrap: anywhere;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
        color: var(--_text);
        padding: calc(var(--_space) * 2.5);
        box-shadow: 0 12px 40px rgb(0 0 0 / 0.3);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.45);
      }
      h2 {
        margin: 0 0 var(--_space);
        font-size: 1.15em;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        justify-content: flex-end;
        gap: var(--_space);
        margin-top: calc(var(--_space) * 2.5);
      }
    `,
  ];

  /** The question, e.g. "Delete 3 integrations?". */
  @property() heading = '';
  /** Label of the confirm button. Default "Confirm". */
  @property({ attribute: 'confirm-label' }) confirmLabel = '';
  /** Label of the cancel button. Default "Cancel". */
  @property({ attribute: 'cancel-label' }) cancelLabel = '';
  /** Styles the confirm button as destructive and focuses Cancel first. */
  @property({ type: Boolean }) danger = false;

  @query('dialog') private dialog!: HTMLDialogElement;
  #settle: ((confirmed: boolean) => void) | undefined;

  /** True while the dialog is open. */
  get open(): boolean {
    return this.dialog?.open ?? false;
  }

  /** Opens the dialog modally; resolves when the user decides. */
  async show(): Promise<boolean> {
    await this.updateComplete;
    this.#settle?.(false);
    this.dialog.showModal();
    return new Promise<boolean>((resolve) => (this.#settle = resolve));
  }

  /** Closes as if cancelled. */
  cancel(): void {
    if (this.dialog?.open) this.dialog.close('cancel');
  }

  #onClose = () => {
    const confirmed = this.dialog.returnValue === 'confirm';
    this.dialog.returnValue = '';
    this.#settle?.(confirmed);
    this.#settle = undefined;
  };

  protected override render() {
    return html`<dialog part="dialog" aria-labelledby="heading" @close=${this.#onClose}>
      <form method="dialog">
        <h2 id="heading" dir="auto">${this.heading}</h2>
        <div class="body"><slot></slot></div>
        <div class="actions">
          <button part="cancel" value="cancel" ?autofocus=${this.danger}>${this.cancelLabel || msg('Cancel')}</button>
          <button part="confirm" value="confirm" class=${this.danger ? 'danger' : 'primary'} ?autofocus=${!this.danger}>
            ${this.confirmLabel || msg('Confirm')}
          </button>
        </div>
      </form>
    </dialog>`;
  }
}
