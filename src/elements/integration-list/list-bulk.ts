import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { BulkAction } from '../../core/client.js';
import type { Integration } from '../../core/types.js';
import { describeError } from '../../internal/error-text.js';
import type { BulkActionsController } from './bulk-actions-controller.js';
import '../confirm-dialog/define.js';

function describeAction(action: BulkAction, count: number): { heading: string; body: string; confirm: string; danger: boolean } {
  switch (action) {
    case 'refresh':
      return {
        heading: msg(str`Refresh tokens of ${count} integrations?`),
        body: msg('Each provider is asked for a new access token now.'),
        confirm: msg('Refresh tokens'),
        danger: false,
      };
    case 'enable':
      return {
        heading: msg(str`Enable ${count} integrations?`),
        body: msg('They start syncing again.'),
        confirm: msg('Enable'),
        danger: false,
      };
    case 'disable':
      return {
        heading: msg(str`Disable ${count} integrations?`),
        body: msg('They stop syncing until you enable them again. Their tokens are kept.'),
        confirm: msg('Disable'),
        danger: false,
      };
    case 'delete':
      return {
        heading: msg(str`Delete ${count} integrations?`),
        body: msg('Their provider tokens are revoked and the integrations are removed. This cannot be undone.'),
        confirm: msg('Delete'),
        danger: true,
      };
  }
}

/**
 * The `bulk-bar` part: what is selected and what can be done to it, or the progress of the action
 * running with Cancel. `items` are the loaded ones, `total` the server's count of every match.
 */
export function renderBulkBar(
  bulk: BulkActionsController,
  items: readonly Integration[],
  total: number,
  allowed: (action: BulkAction) => boolean = () => true,
) {
  const run = bulk.progress;
  if (run) {
    return html`<div class="bulk-bar" part="bulk-bar">
      <span class="count" role="status">${msg(str`Working: ${run.done} of ${run.total}…`)}</span>
      <progress max=${run.total} .value=${run.done} aria-label=${msg('Progress')}></progress>
      <button type="button" @click=${() => bulk.cancel()}>${msg('Cancel')}</button>
    </div>`;
  }
  const count = bulk.size;
  if (count === 0) return nothing;
  // The ids in list order are read when an action is asked for, not at every render (a walk over every loaded item).
  const ask = (action: BulkAction) => () => void bulk.ask(action, bulk.ids);
  return html`<div class="bulk-bar" part="bulk-bar" role="region" aria-label=${msg('Bulk actions')}>
    <span class="count" role="status">${msg(str`${count} selected`)}</span>
    ${count < items.length ? html`<button type="button" class="link" @click=${() => bulk.selectAllLoaded()}>${msg(str`Select all ${items.length} shown`)}</button>` : nothing}
    ${
      items.length < total
        ? html`<button type="button" class="link" ?disabled=${bulk.selectingAll} @click=${() => void bulk.selectAllMatching()}>
          ${bulk.selectingAll ? msg('Loading all…') : msg(str`Select all ${total} matching`)}
        </button>`
        : nothing
    }
    ${allowed('refresh') ? html`<button type="button" @click=${ask('refresh')}>${msg('Refresh tokens')}</button>` : nothing}
    ${allowed('enable') ? html`<button type="button" @click=${ask('enable')}>${msg('Enable')}</button>` : nothing}
    ${allowed('disable') ? html`<button type="button" @click=${ask('disable')}>${msg('Disable')}</button>` : nothing}
    ${allowed('delete') ? html`<button type="button" class="danger" @click=${ask('delete')}>${msg('Delete')}</button>` : nothing}
    <button type="button" @click=${() => bulk.clear()}>${msg('Clear selection')}</button>
  </div>`;
}

/** The last bulk action's results: how many succeeded, each failure and why, Retry. */
export function renderBulkResults(bulk: BulkActionsController) {
  const outcome = bulk.outcome;
  if (!outcome) return nothing;
  const failed = outcome.results.filter((r) => !r.ok);
  const name = (id: string) => outcome.names.get(id) ?? id;
  return html`<section class="results" aria-label=${msg('Results of the last bulk action')}>
    <strong>${msg(str`${outcome.results.length - failed.length} of ${outcome.results.length} succeeded.`)}</strong>
    ${
      failed.length
        ? html`<ul>
            ${failed.map((r) => html`<li class="failed"><bdi>${name(r.id)}</bdi>: ${r.error ? describeError(r.error).title : msg('Failed')}</li>`)}
          </ul>
          <button type="button" class="primary" @click=${() =>
            void bulk.run(
              outcome.action,
              failed.map((r) => r.id),
            )}>
            ${msg(str`Retry ${failed.length} failed`)}
          </button>`
        : nothing
    }
    <button type="button" @click=${() => bulk.dismissOutcome()}>${msg('Dismiss')}</button>
  </section>`;
}

/** The confirm step, naming the first few integrations the pending action is about. */
export function renderBulkConfirm(bulk: BulkActionsController, items: readonly Integration[]) {
  const pending = bulk.pending;
  const text = pending ? describeAction(pending.action, pending.ids.length) : undefined;
  const names = pending ? pending.ids.slice(0, 5).map((id) => items.find((i) => i.id === id)?.name ?? id) : [];
  const more = pending ? pending.ids.length - names.length : 0;
  return html`<mwap-confirm-dialog heading=${text?.heading ?? ''} confirm-label=${text?.confirm ?? ''} ?danger=${text?.danger ?? false}>
    <p>${text?.body ?? ''}</p>
    ${
      names.length
        ? html`<ul>
          ${names.map((n) => html`<li><bdi>${n}</bdi></li>`)}
          ${more > 0 ? html`<li>${msg(str`and ${more} more`)}</li>` : nothing}
        </ul>`
        : nothing
    }
  </mwap-confirm-dialog>`;
}
