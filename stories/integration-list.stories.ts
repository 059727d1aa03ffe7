import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { IntegrationListElement } from '../src/elements/integration-list/define.js';
import { failure } from './mocks/handlers.js';
import { dashboard, longTextCatalogue, longTextIntegration, makeIntegrations } from './mocks/fixtures.js';
import { expectFits } from './support/layout.js';
import { deepQuery, waitFor, waitForDeep } from './support/shadow.js';
import { dark, forcedColors, german, hostHeadings, hostReadonly, member, mwap, narrow, rtl } from './support/story-helpers.js';

interface Args {
  view: 'grid' | 'list';
  pageSize: number;
  noSelect: boolean;
  bulkConcurrency: number;
  readonly: boolean;
  headingLevel: number;
  onIntegrationSelect?: (event: Event) => void;
  onIntegrationUpdated?: (event: Event) => void;
  onIntegrationDeleted?: (event: Event) => void;
  onIntegrationError?: (event: Event) => void;
  onIntegrationCreateRequest?: (event: Event) => void;
}

/**
 * The dashboard: every integration of the tenant as cards or rows, with search, filters, sort,
 * infinite loading, virtualised rendering, multi-select and bulk actions. Hosts navigate on
 * `integration-select`.
 */
const meta: Meta<Args> = {
  title: 'Elements/integration-list',
  component: 'integration-list',
  args: { view: 'grid', pageSize: 50, noSelect: false, bulkConcurrency: 4, readonly: false, headingLevel: 3 },
  render: (args) => html`<integration-list
    view=${args.view}
    page-size=${args.pageSize}
    ?no-select=${args.noSelect}
    bulk-concurrency=${args.bulkConcurrency}
    ?readonly=${args.readonly}
    heading-level=${args.headingLevel}
    @integration-select=${args.onIntegrationSelect}
    @integration-updated=${args.onIntegrationUpdated}
    @integration-deleted=${args.onIntegrationDeleted}
    @integration-error=${args.onIntegrationError}
    @integration-create-request=${args.onIntegrationCreateRequest}
  ></integration-list>`,
};
export default meta;

type Story = StoryObj<Args>;

const list = (canvas: HTMLElement) => canvas.querySelector('integration-list') as IntegrationListElement;
const loaded = async (canvas: HTMLElement) => {
  const element = list(canvas);
  await waitFor(() => element.items.length > 0, 'the first page');
  await element.updateComplete;
  return element;
};

/** Twelve integrations: connected, expiring, expired, not connected, disabled, failing. */
export const Connected: Story = {};

export const CompactRows: Story = { args: { view: 'list' } };

export const Loading: Story = { parameters: mwap({ scenario: { pending: ['list', 'providers'] } }) };

/** No integrations yet: the call to action fires `integration-create-request`. */
export const Empty: Story = { parameters: mwap({ scenario: { integrations: [] } }) };

export const LoadError: Story = {
  parameters: mwap({ scenario: { failures: { list: failure.server() } } }),
  tags: ['network-errors'],
};

/** What the list's API fails with in StaleAfterFailedRefresh: nothing at first, the list once it has loaded. */
const staleFailures: { list?: ReturnType<typeof failure.server> } = {};

/**
 * The cards loaded, then a refresh (focus, reconnect, Reload) failed: they stay, said to be
 * possibly out of date since their last update, with Try again.
 */
export const StaleAfterFailedRefresh: Story = {
  parameters: mwap({ scenario: { failures: staleFailures } }),
  tags: ['network-errors'],
  beforeEach: () => {
    delete staleFailures.list;
  },
  play: async ({ canvasElement }) => {
    const element = await loaded(canvasElement);
    staleFailures.list = failure.server();
    await element.refresh();
    await waitForDeep(element.shadowRoot!, '[part="stale"]');
  },
};

/** The host turned selection off (`no-select`): no checkboxes, no bulk actions; the cards' own actions stay. */
export const NoSelection: Story = { args: { noSelect: true } };

/**
 * A tenant member (`GET /me`: role `member`, may only read): no selection, no bulk actions, no
 * "New integration"; the list says once why, and the cards keep only Manage.
 */
export const Member: Story = { parameters: member };

/** The host made this element read-only (`readonly`), although the caller is an owner: the same view, with its own reason. */
export const ReadOnly: Story = { args: { readonly: true } };

/** The host made the whole client read-only (`createClient({ readonly: true })`): every element on it is. */
export const ReadOnlyClient: Story = { parameters: hostReadonly };

/** Long names and descriptions (200 characters), a long provider name and long setting values: everything wraps in its card. */
const longText = mwap({
  scenario: { integrations: () => [longTextIntegration(), ...dashboard().slice(0, 3)], providers: longTextCatalogue },
});

export const LongText: Story = { parameters: longText, play: ({ canvasElement }) => expectFits(canvasElement) };

export const LongTextRows: Story = { args: { view: 'list' }, parameters: longText, play: ({ canvasElement }) => expectFits(canvasElement) };

/** At 320 px: the toolbar and the cards stack, long names wrap, nothing scrolls sideways. */
export const Narrow320: Story = { parameters: longText, decorators: [narrow], play: ({ canvasElement }) => expectFits(canvasElement) };

/** Run under forced-colours emulation (see the note in the story): states keep their words and icons, outlines stay visible. */
export const ForcedColors: Story = { decorators: [forcedColors], tags: ['forced-colors'] };

/** On a host page with its own `<h1>` and `<h2>`: the list's headings continue at level 3 (`heading-level="3"`). */
export const HostPageHeading: Story = { args: { headingLevel: 3 }, decorators: [hostHeadings] };

/** Three integrations selected: the bulk bar offers refresh, enable, disable and delete. */
export const BulkSelection: Story = {
  play: async ({ canvasElement }) => {
    const element = await loaded(canvasElement);
    element.select(element.items.slice(0, 3).map((i) => i.id));
  },
};

/**
 * A bulk token refresh where two providers refuse: the result lists what failed and why, and
 * offers to retry only those.
 */
export const BulkResults: Story = {
  parameters: mwap({
    scenario: { failures: { refresh: { ...failure.tokenExchange(), onlyFor: ['int-expired', 'int-failing'] } } },
  }),
  tags: ['network-errors'],
  play: async ({ canvasElement }) => {
    const element = await loaded(canvasElement);
    element.select(['int-connected', 'int-expiring', 'int-expired', 'int-failing']);
    // The bulk bar comes once the caller's permissions (GET /me) say a bulk action is allowed.
    const findRefresh = () =>
      [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('.bulk-bar button')].find((b) => b.textContent?.includes('Refresh'));
    await waitFor(() => findRefresh() !== undefined, 'the bulk bar');
    findRefresh()!.click();
    const confirm = await waitForDeep<HTMLButtonElement>(element.shadowRoot!, 'mwap-confirm-dialog');
    await waitFor(() => (confirm as unknown as { open: boolean }).open, 'the confirmation');
    deepQuery<HTMLButtonElement>(confirm.shadowRoot!, 'button[part="confirm"]')!.click();
    await waitForDeep(element.shadowRoot!, '.results');
  },
};

/** 10,000 integrations, loaded a page at a time as you scroll; only the visible cards exist. */
export const TenThousandItems: Story = {
  args: { pageSize: 100 },
  parameters: mwap({ scenario: { integrations: () => makeIntegrations(10_000), latencyMs: 50 } }),
};

export const Dark: Story = { ...dark };

export const RightToLeft: Story = { ...rtl };

export const German: Story = { ...german(700) };
