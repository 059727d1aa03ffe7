/* eslint-disable lit/binding-positions, lit/no-invalid-html -- heading tags are static values (headings.ts, lit/static-html) */
import { css, nothing, type PropertyValues } from 'lit';
import { html } from 'lit/static-html.js';
import { localized, msg, str } from '@lit/localize';
import { toIntegrationError } from '../../core/errors.js';
import type { Me } from '../../core/permissions.js';
import type { Activity, ActivityDetail } from '../../core/types.js';
import { PagesController, QueryController } from '../../controllers/query-controller.js';
import { describeError, errorSentence } from '../../internal/error-text.js';
import { formatDateTime, formatMilliseconds, formatRelative } from '../../internal/format.js';
import { icons } from '../../internal/icons.js';
import { RELEASE_SUFFIX } from '../../internal/tags.js';
import { base, tokens } from '../../styles/tokens.js';
import { activityTitle, actorLabel, valueLabel } from './activity-text.js';
import { activityCsv, csvName, downloadCsv } from './csv.js';
import { DetailsPanelElement } from './details-panel.js';
import { headingTag } from './headings.js';
import { panelStyles } from './panel.styles.js';

/** Versioned like the other parts' tags (src/internal/tags.ts): two releases on a page keep their own. */
export const ACTIVITY_PANEL_TAG = `mwap-integration-activity-panel${RELEASE_SUFFIX}`;

/** At most this many entries go into a CSV built here (when the server offers no export). */
const CSV_MAX_ROWS = 10_000;

/**
 * What happened to one integration, newest first: who acted and when, what changed (a secret
 * setting's values shown as "hidden"), the provider's words for a failed refresh, loaded a page
 * at a time. New entries appear first as they happen while the client's event stream is up.
 * Anyone who may read the integration sees it. Download CSV gives the whole history.
 *
 * @summary Activity history of one integration.
 * @fires integration-error - The activity could not be loaded, or the export failed.
 * @internal
 */
@localized()
export class IntegrationActivityPanelElement extends DetailsPanelElement {
  static override styles = [
    tokens,
    base,
    panelStyles,
    css`
      ol.entries {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--_space);
      }
      .entry {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: var(--_space) calc(var(--_space) * 1.5);
      }
      .entry-head {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.35em 0.75em;
      }
      .what {
        font-weight: 650;
      }
      .who,
      time {
        font-size: 0.9em;
        color: var(--_muted);
      }
      .failed-entry .what {
        color: var(--_danger);
      }
      .reason {
        margin-block: 4px 0;
      }
      .reason q {
        font-style: italic;
      }
      table.changes {
        margin-block-start: 6px;
      }
      .more {
        margin-block-start: calc(var(--_space) * 1.5);
      }
      .placeholder .skeleton {
        height: 3.2rem;
        margin-block-end: var(--_space);
      }
    `,
  ];

  /** Newest first; live events put new entries at the top. */
  readonly #activity = new PagesController<Activity>(
    this,
    (client) => (this.integration ? client.queries.activity(this.integration.id) : undefined),
    () => this.activeClient,
  );

  /** Who the caller is (to say "You"). */
  readonly #me = new QueryController<{ me: Me | null }>(
    this,
    (client) => client.queries.me(),
    () => this.activeClient,
  );

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const state = this.#activity.state;
    // An API without an activity history (404) is not a failure to report.
    if (state?.status === 'error' && toIntegrationError(state.error).code !== 'not_found') this.reportOnce(state.error);
  }

  #download = (): void => {
    const client = this.activeClient;
    const id = this.integration?.id;
    if (!client || !id) return;
    void this.perform('download', {
      run: async () => {
        const text = (await client.api.getCsv(id, 'activity')) ?? activityCsv(await allActivity(client.api, id));
        downloadCsv(csvName(id, 'activity'), text, this);
      },
      failure: (error) => msg(str`Could not export the activity: ${errorSentence(error)}`),
    });
  };

  protected override render() {
    if (!this.integration) return nothing;
    const section = headingTag(this.headingLevel + 1);
    const state = this.#activity.state;
    const items = this.#activity.items;
    return html`<div class="panel-head">
        <${section} class="section-heading">${msg('Activity')}</${section}>
        <div class="buttons">
          <button type="button" class="quiet download" aria-disabled=${this.isBusy('download') ? 'true' : 'false'} @click=${this.#download}>
            ${msg('Download CSV')}
          </button>
        </div>
      </div>
      ${this.#renderBody(state, items)}`;
  }

  #renderBody(state: PagesController<Activity>['state'], items: Activity[]) {
    if (!state || (state.isPending && items.length === 0)) {
      return html`<div class="placeholder" role="status">
        <span class="visually-hidden">${msg('Loading activity…')}</span>
        <span class="skeleton" aria-hidden="true"></span><span class="skeleton" aria-hidden="true"></span>
      </div>`;
    }
    if (state.isError && items.length === 0 && toIntegrationError(state.error).code === 'not_found') {
      return html`<p class="muted empty">${msg('This API keeps no activity history.')}</p>`;
    }
    if (state.isError && items.length === 0) {
      return html`<div class="notice danger" role="alert">
        <span class="text">${msg(str`Could not load the activity: ${errorSentence(toIntegrationError(state.error))}`)}</span>
        ${
          describeError(state.error).canRetry
            ? html`<button type="button" class="retry" @click=${() => void this.#activity.refetch()}>${msg('Try again')}</button>`
            : nothing
        }
      </div>`;
    }
    if (items.length === 0) return html`<p class="muted empty">${msg('Nothing has happened to this integration yet.')}</p>`;
    const callerId = this.#me.state?.data?.me?.user.id;
    return html`<ol class="entries" aria-label=${msg('Activity, newest first')}>
        ${items.map((activity) => this.#renderEntry(activity, callerId))}
      </ol>
      ${this.#renderMore(state)}`;
  }

  #renderEntry(activity: Activity, callerId: string | undefined) {
    const failed = activity.kind === 'refresh_failed' || activity.kind === 'token_revoked' || activity.detail?.ok === false;
    return html`<li class="entry ${failed ? 'failed-entry' : ''}" data-kind=${activity.kind}>
      <div class="entry-head">
        <span class="what">${failed ? icons.alert : nothing}${activityTitle(activity)}</span>
        <bdi class="who">${actorLabel(activity, callerId)}</bdi>
        <time datetime=${activity.at} title=${formatDateTime(activity.at)}>${formatRelative(activity.at)}</time>
      </div>
      ${this.#renderDetail(activity.detail)}
    </li>`;
  }

  #renderDetail(detail: ActivityDetail | undefined) {
    if (!detail) return nothing;
    const rows: Array<[string, string, string]> = (detail.changes ?? []).map((change) => [
      change.field,
      valueLabel(change.from),
      valueLabel(change.to),
    ]);
    if (detail.from !== undefined || detail.to !== undefined) rows.push([msg('Name'), detail.from ?? '', detail.to ?? '']);
    return html`${
      rows.length > 0
        ? html`<table class="changes">
            <thead>
              <tr><th scope="col">${msg('Field')}</th><th scope="col">${msg('Before')}</th><th scope="col">${msg('After')}</th></tr>
            </thead>
            <tbody>
              ${rows.map(
                ([field, from, to]) =>
                  html`<tr><th scope="row" dir="auto">${field}</th><td dir="auto">${from}</td><td dir="auto">${to}</td></tr>`,
              )}
            </tbody>
          </table>`
        : nothing
    }
    ${detail.reason ? html`<p class="reason">${msg('The provider said:')} <q dir="auto">${detail.reason}</q></p>` : nothing}
    ${
      detail.message || detail.latencyMs !== undefined
        ? html`<p class="muted">
            ${detail.message ? html`<bdi>${detail.message}</bdi>` : nothing}
            ${detail.latencyMs !== undefined ? html`<span>${formatMilliseconds(detail.latencyMs)}</span>` : nothing}
          </p>`
        : nothing
    }`;
  }

  #renderMore(state: NonNullable<PagesController<Activity>['state']>) {
    if (state.isFetchNextPageError) {
      return html`<div class="notice danger more" role="alert">
        <span class="text">${msg(str`Could not load more: ${errorSentence(toIntegrationError(state.error))}`)}</span>
        <button type="button" class="retry" @click=${() => void this.#activity.fetchNextPage()}>${msg('Try again')}</button>
      </div>`;
    }
    if (!state.hasNextPage) return nothing;
    const busy = state.isFetchingNextPage;
    return html`<div class="more">
      <button type="button" class="load-more" aria-disabled=${busy ? 'true' : 'false'} @click=${() => busy || void this.#activity.fetchNextPage()}>
        ${busy ? html`<span class="spinner" aria-hidden="true"></span>${msg('Loading…')}` : msg('Load more')}
      </button>
    </div>`;
  }
}

/** Every entry, page after page (up to CSV_MAX_ROWS), for a CSV built here. */
async function allActivity(api: { listActivity: import('../../core/api.js').IntegrationsApi['listActivity'] }, id: string) {
  const items: Activity[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.listActivity(id, { cursor, limit: 100 });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < CSV_MAX_ROWS);
  return items.slice(0, CSV_MAX_ROWS);
}
