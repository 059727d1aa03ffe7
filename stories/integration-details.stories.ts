import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { IntegrationDetailsElement } from '../src/elements/integration-details/define.js';
import { failure } from './mocks/handlers.js';
import { longTextCatalogue, longTextIntegration, makeActivity } from './mocks/fixtures.js';
import type { MwapLoaded } from './support/story-client.js';
import { expectFits } from './support/layout.js';
import { deepQuery, waitFor, waitForDeep } from './support/shadow.js';
import { dark, forcedColors, german, hostHeadings, hostReadonly, member, mwap, narrow, ownFrame, rtl } from './support/story-helpers.js';

interface Args {
  integrationId: string;
  tab: 'token' | 'health' | 'usage' | 'settings' | 'activity';
  readonly: boolean;
  headingLevel: number;
  onIntegrationUpdated?: (event: Event) => void;
  onIntegrationConnected?: (event: Event) => void;
  onIntegrationDeleted?: (event: Event) => void;
  onIntegrationError?: (event: Event) => void;
}

/**
 * Everything about one integration: name, description, provider and status with inline editing,
 * enable/disable and delete, then tabs for the provider token, connection health, usage charts
 * (loaded on demand), the provider's settings and the activity history.
 */
const meta: Meta<Args> = {
  title: 'Elements/integration-details',
  component: 'integration-details',
  args: { integrationId: 'int-connected', tab: 'token', readonly: false, headingLevel: 2 },
  argTypes: { tab: { control: 'inline-radio', options: ['token', 'health', 'usage', 'settings', 'activity'] } },
  render: (args) => html`<integration-details
    integration-id=${args.integrationId}
    tab=${args.tab}
    ?readonly=${args.readonly}
    heading-level=${args.headingLevel}
    @integration-updated=${args.onIntegrationUpdated}
    @integration-connected=${args.onIntegrationConnected}
    @integration-deleted=${args.onIntegrationDeleted}
    @integration-error=${args.onIntegrationError}
  ></integration-details>`,
};
export default meta;

type Story = StoryObj<Args>;

const details = (canvas: HTMLElement) => canvas.querySelector('integration-details') as IntegrationDetailsElement;

export const Connected: Story = {};

export const Expiring: Story = { args: { integrationId: 'int-expiring' } };

/** Expired: Refresh and Reconnect are offered. */
export const Expired: Story = { args: { integrationId: 'int-expired' } };

/** The scheduler is refreshing the token (the provider takes its time). */
export const Refreshing: Story = {
  args: { integrationId: 'int-expiring' },
  parameters: mwap({ autoRefresh: true, tokenRefresh: { leadTimeMs: 10 * 60_000 }, scenario: { pending: ['refresh'] } }),
};

export const NotConnected: Story = { args: { integrationId: 'int-pending' } };

/** Health, after "Test connection": each check with its timing, failures with a hint. */
export const HealthWithTestResults: Story = {
  args: { integrationId: 'int-expired', tab: 'health' },
  play: async ({ canvasElement }) => {
    const element = details(canvasElement);
    const test = await waitFor(() => deepQuery<HTMLButtonElement>(element.shadowRoot!, 'button.test'), 'Test connection');
    test.click();
    await waitFor(() => deepQuery(element.shadowRoot!, 'ul.checks'), 'the test results');
  },
};

/** Usage with charts (the chart module loads the first time this tab opens). */
export const UsageCharts: Story = {
  args: { tab: 'usage' },
  play: async ({ canvasElement }) => {
    const element = details(canvasElement);
    await waitFor(() => deepQuery(element.shadowRoot!, 'svg[role="img"]'), 'the charts', 8000);
  },
};

export const Settings: Story = { args: { tab: 'settings' } };

/** Paused (disabled by the host): the badge says paused, with no countdown; Enable is offered. */
export const Paused: Story = { args: { integrationId: 'int-disabled' } };

/**
 * A tenant member (`GET /me`: may only read): everything is shown, nothing can be edited,
 * enabled, disabled, deleted, refreshed or tested, and the element says why.
 */
export const Member: Story = { parameters: member };

export const MemberSettings: Story = { args: { tab: 'settings' }, parameters: member };

/** The host made this element read-only (`readonly`), although the caller is an owner. */
export const ReadOnly: Story = { args: { readonly: true } };

/** The host made the whole client read-only (`createClient({ readonly: true })`). */
export const ReadOnlyClient: Story = { args: { tab: 'settings' }, parameters: hostReadonly };

/** A 200-character name and description, a long provider name and long setting values (one an unbroken URL): all wrap. */
const longText = mwap({ scenario: { integrations: () => [longTextIntegration()], providers: longTextCatalogue } });

export const LongText: Story = {
  args: { integrationId: 'int-long', tab: 'settings' },
  parameters: longText,
  play: ({ canvasElement }) => expectFits(canvasElement),
};

/** At 320 px, with the long texts: the header, the tabs and the token panel stack; nothing scrolls sideways. */
export const Narrow320: Story = {
  args: { integrationId: 'int-long' },
  parameters: longText,
  decorators: [narrow],
  play: ({ canvasElement }) => expectFits(canvasElement),
};

export const Loading: Story = { parameters: mwap({ scenario: { pending: ['get', 'providers'] } }) };

export const NotFound: Story = { args: { integrationId: 'int-gone' }, tags: ['network-errors'] };

export const LoadError: Story = {
  parameters: mwap({ scenario: { failures: { get: failure.server() } } }),
  tags: ['network-errors'],
};

export const NothingSelected: Story = { args: { integrationId: '' } };

export const Dark: Story = { ...UsageCharts, ...dark };

export const RightToLeft: Story = { ...UsageCharts, ...rtl };

export const German: Story = { ...UsageCharts, ...german(900) };

/** The settings in German: labels and descriptions come from the API's German catalogue (Accept-Language: de). */
export const GermanSettings: Story = { args: { tab: 'settings' }, ...german(900) };

/** A member in German: the reasons are in German too. */
export const GermanMember: Story = { globals: { locale: 'de' }, parameters: { ...ownFrame(900), ...member } };

/** Run under forced-colours emulation (see the note in the story): the charts keep their patterns and labels. */
export const ForcedColors: Story = { ...UsageCharts, decorators: [forcedColors], tags: ['forced-colors'] };

/** On a host page with its own `<h1>` and `<h2>`: the element's headings start at level 3 (`heading-level="3"`). */
export const HostPageHeading: Story = { args: { headingLevel: 3 }, decorators: [hostHeadings] };

/** Details beside a list that shares its client: a refresh in one shows in the other at once. */
export const WithList: Story = {
  render: (args) => html`<div style="display: grid; gap: 24px">
    <integration-details integration-id=${args.integrationId}></integration-details>
    <integration-list view="list" no-select></integration-list>
  </div>`,
  play: async ({ canvasElement }) => {
    await waitForDeep(details(canvasElement).shadowRoot!, '[part="base"]');
  },
};

/** The activity history: who did what and when, settings changes with secrets hidden, the provider's words for a failed refresh. */
export const Activity: Story = {
  args: { tab: 'activity' },
  parameters: mwap({ scenario: { activity: { 'int-connected': makeActivity() } } }),
  play: async ({ canvasElement }) => {
    await waitForDeep(details(canvasElement).shadowRoot!, 'li.entry');
  },
};

export const ActivityEmpty: Story = { args: { tab: 'activity' } };

export const ActivityError: Story = {
  args: { tab: 'activity' },
  parameters: mwap({ scenario: { failures: { activity: failure.server() } } }),
  tags: ['network-errors'],
};

/**
 * With the event stream up: a new entry appears first as it happens (here, after a second, the
 * server's worker refreshes the token), with no request for the activity.
 */
export const ActivityLive: Story = {
  args: { tab: 'activity' },
  parameters: mwap({ scenario: { live: true, activity: { 'int-connected': makeActivity() } } }),
  play: async (context) => {
    const { api } = (context as typeof context & { loaded: MwapLoaded }).loaded;
    const root = details(context.canvasElement).shadowRoot!;
    await waitForDeep(root, 'li.entry');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    api.serverRefresh('int-connected');
    await waitFor(
      () => (deepQuery(root, 'li.entry')?.getAttribute('data-kind') === 'token_refreshed' ? true : undefined),
      'the live entry',
    );
  },
};

export const GermanActivity: Story = { ...Activity, ...german(900), parameters: { ...ownFrame(900), ...Activity.parameters } };
