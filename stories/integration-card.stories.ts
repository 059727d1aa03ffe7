import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { CloudProvider, Integration } from '../src/core/types.js';
import { integrationIn, longTextCatalogue, longTextIntegration } from './mocks/fixtures.js';
import { expectFits } from './support/layout.js';
import { dark, forcedColors, german, hostHeadings, member, narrow, rtl } from './support/story-helpers.js';

/** The fixture states, and one with long texts everywhere. */
const states = { ...integrationIn, longText: () => longTextIntegration() };
type State = keyof typeof states;

interface Args {
  state: State;
  selectable: boolean;
  selected: boolean;
  compact: boolean;
  readonly: boolean;
  headingLevel: number;
  onIntegrationSelect?: (event: Event) => void;
  onIntegrationUpdated?: (event: Event) => void;
  onIntegrationError?: (event: Event) => void;
  onCardSelectionChange?: (event: Event) => void;
}

const providers = longTextCatalogue();
const providerOf = (integration: Integration): CloudProvider | undefined => providers.find((p) => p.id === integration.cloudProviderId);

/**
 * One integration at a glance: name, provider, status and token state, last health check, and
 * quick actions (Refresh and Test go through the client; Manage fires `integration-select`).
 * The list renders these; hosts may use them alone.
 */
const meta: Meta<Args> = {
  title: 'Elements/integration-card',
  component: 'integration-card',
  args: { state: 'connected', selectable: false, selected: false, compact: false, readonly: false, headingLevel: 3 },
  argTypes: {
    state: { description: 'Story only: which fixture integration to show.', control: 'select', options: Object.keys(states) },
  },
  render: (args) => {
    const integration = states[args.state]();
    return html`<div style="max-width: ${args.compact ? '900px' : '320px'}">
      <integration-card
        .integration=${integration}
        .provider=${providerOf(integration)}
        ?selectable=${args.selectable}
        ?selected=${args.selected}
        ?compact=${args.compact}
        ?readonly=${args.readonly}
        heading-level=${args.headingLevel}
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
/** Paused (disabled by the host): the badge says paused, with no countdown. */
export const Disabled: Story = { args: { state: 'disabled' } };
export const RefreshFailed: Story = { args: { state: 'failing' } };
export const Selected: Story = { args: { selectable: true, selected: true } };
export const Compact: Story = { args: { compact: true, selectable: true } };

/** A tenant member (`GET /me`: may only read): no Refresh, no Test, no Connect; Manage stays. */
export const Member: Story = { parameters: member };

/** A member on a card that is not connected yet: no Connect for them either. */
export const MemberNotConnected: Story = { args: { state: 'pending' }, parameters: member };

/** The host made the card read-only (`readonly`): only Manage. */
export const ReadOnly: Story = { args: { readonly: true } };

/** A 200-character name and description, a long provider name and long setting values: all wrap inside the card. */
export const LongText: Story = { args: { state: 'longText', selectable: true }, play: ({ canvasElement }) => expectFits(canvasElement) };

export const LongTextCompact: Story = {
  args: { state: 'longText', selectable: true, compact: true },
  play: ({ canvasElement }) => expectFits(canvasElement),
};

/** A compact row at 320 px with long texts: name, badges and actions wrap onto lines of their own. */
export const Narrow320: Story = {
  args: { state: 'longText', selectable: true, compact: true },
  decorators: [narrow],
  play: ({ canvasElement }) => expectFits(canvasElement),
};

/** On a host page with its own `<h1>` and `<h2>`: the card's name is a level-3 heading (`heading-level="3"`). */
export const HostPageHeading: Story = { args: { headingLevel: 3 }, decorators: [hostHeadings] };

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

/** Run under forced-colours emulation (see the note in the story): every state keeps its words and icon. */
export const ForcedColors: Story = { render: grid, decorators: [forcedColors], tags: ['forced-colors'] };
