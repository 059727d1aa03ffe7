import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { IntegrationDetailsElement } from '../src/elements/integration-details/define.js';
import { failure } from './mocks/handlers.js';
import { deepQuery, waitFor, waitForDeep } from './support/shadow.js';
import { dark, german, mwap, rtl } from './support/story-helpers.js';

interface Args {
  integrationId: string;
  tab: 'token' | 'health' | 'usage' | 'settings';
  onIntegrationUpdated?: (event: Event) => void;
  onIntegrationConnected?: (event: Event) => void;
  onIntegrationDeleted?: (event: Event) => void;
  onIntegrationError?: (event: Event) => void;
}

/**
 * Everything about one integration: name, description, provider and status with inline editing,
 * enable/disable and delete, then tabs for the provider token, connection health, usage charts
 * (loaded on demand) and the provider's settings.
 */
const meta: Meta<Args> = {
  title: 'Elements/integration-details',
  component: 'integration-details',
  args: { integrationId: 'int-connected', tab: 'token' },
  argTypes: { tab: { control: 'inline-radio', options: ['token', 'health', 'usage', 'settings'] } },
  render: (args) => html`<integration-details
    integration-id=${args.integrationId}
    tab=${args.tab}
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
