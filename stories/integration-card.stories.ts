import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { CloudProvider, Integration } from '../src/core/types.js';
import { integrationIn, storyProviders } from './mocks/fixtures.js';
import { dark, german, rtl } from './support/story-helpers.js';

type State = keyof typeof integrationIn;

interface Args {
  state: State;
  selectable: boolean;
  selected: boolean;
  compact: boolean;
  onIntegrationSelect?: (event: Event) => void;
  onIntegrationUpdated?: (event: Event) => void;
  onIntegrationError?: (event: Event) => void;
  onCardSelectionChange?: (event: Event) => void;
}

const providers = storyProviders();
const providerOf = (integration: Integration): CloudProvider | undefined => providers.find((p) => p.id === integration.cloudProviderId);

/**
 * One integration at a glance: name, provider, status and token state, last health check, and
 * quick actions (Refresh and Test go through the client; Manage fires `integration-select`).
 * The list renders these; hosts may use them alone.
 */
const meta: Meta<Args> = {
  title: 'Elements/integration-card',
  component: 'integration-card',
  args: { state: 'connected', selectable: false, selected: false, compact: false },
  argTypes: {
    state: { description: 'Story only: which fixture integration to show.', control: 'select', options: Object.keys(integrationIn) },
  },
  render: (args) => {
    const integration = integrationIn[args.state]();
    return html`<div style="max-width: ${args.compact ? '900px' : '320px'}">
      <integration-card
        .integration=${integration}
        .provider=${providerOf(integration)}
        ?selectable=${args.selectable}
        ?selected=${args.selected}
        ?compact=${args.compact}
        @integration-select=${args.onIntegrationSelect}
        @integration-updated=${args.onIntegrationUpdated}
        @integration-error=${args.onIntegrationError}
        @card-selection-change=${args.onCardSelectionChange}
      ></integration-card>
    </div>`;
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Connected: Story = {};
export const Expiring: Story = { args: { state: 'expiring' } };
export const Expired: Story = { args: { state: 'expired' } };
export const NotConnected: Story = { args: { state: 'pending' } };
export const Disabled: Story = { args: { state: 'disabled' } };
export const RefreshFailed: Story = { args: { state: 'failing' } };
export const Selected: Story = { args: { selectable: true, selected: true } };
export const Compact: Story = { args: { compact: true, selectable: true } };

const grid = () => html`<div style="display: grid; grid-template-columns: repeat(auto-fill, 300px); gap: 12px">
  ${Object.values(integrationIn).map((make) => {
    const integration = make();
    return html`<integration-card .integration=${integration} .provider=${providerOf(integration)} selectable></integration-card>`;
  })}
</div>`;

export const AllStates: Story = { render: grid };
export const Dark: Story = { render: grid, ...dark };
export const RightToLeft: Story = { render: grid, ...rtl };
export const German: Story = { render: grid, ...german(700) };
