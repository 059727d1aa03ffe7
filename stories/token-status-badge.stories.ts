import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { failure } from './mocks/handlers.js';
import { integrationIn } from './mocks/fixtures.js';
import { dark, forcedColors, german, mwap, rtl } from './support/story-helpers.js';

interface Args {
  integrationId: string;
}

/**
 * The token state of one integration, with a live countdown: text, icon and colour, never colour
 * alone. Give it `integration-id` (it loads the integration through its client) or an
 * `integration` object. While the client's refresh scheduler refreshes the token it says so.
 */
const meta: Meta<Args> = {
  title: 'Elements/token-status-badge',
  component: 'token-status-badge',
  args: { integrationId: 'int-connected' },
  render: (args) => html`<token-status-badge integration-id=${args.integrationId}></token-status-badge>`,
};
export default meta;

type Story = StoryObj<Args>;

/** A long lead time makes the scheduler refresh the expiring token as soon as it sees it. */
const refreshNow = { autoRefresh: true, tokenRefresh: { leadTimeMs: 10 * 60_000 } };

export const Valid: Story = {};

export const Expiring: Story = { args: { integrationId: 'int-expiring' } };

export const Expired: Story = { args: { integrationId: 'int-expired' } };

/** The refresh scheduler is refreshing the token (the provider takes its time). */
export const Refreshing: Story = {
  args: { integrationId: 'int-expiring' },
  parameters: mwap({ ...refreshNow, scenario: { pending: ['refresh'] } }),
};

/** The scheduler's refresh failed: the badge says so; its tooltip carries the provider's reason. */
export const RefreshFailed: Story = {
  args: { integrationId: 'int-expiring' },
  parameters: mwap({ ...refreshNow, scenario: { failures: { refresh: failure.tokenExchange() } } }),
  tags: ['network-errors'],
};

export const NotConnected: Story = { args: { integrationId: 'int-pending' } };

/** A disabled integration: the badge says paused, with no countdown (the token is not used while paused). */
export const Paused: Story = { args: { integrationId: 'int-disabled' } };

/**
 * A tenant member may not refresh tokens (`GET /me`), so the scheduler never tries: the badge
 * keeps counting down instead of saying "Refreshing" (compare Refreshing, same settings).
 */
export const Member: Story = {
  args: { integrationId: 'int-expiring' },
  parameters: mwap({ ...refreshNow, scenario: { me: 'member', pending: ['refresh'] } }),
};

/** The host made the client read-only: no refresh from this page either, whatever the role allows. */
export const ReadOnlyClient: Story = {
  args: { integrationId: 'int-expiring' },
  parameters: mwap({ ...refreshNow, readonly: true, scenario: { pending: ['refresh'] } }),
};

/** Every state the data can say, side by side. */
export const AllStates: Story = {
  render: () => html`<div style="display: grid; gap: 12px; justify-items: start">
    ${Object.values(integrationIn).map((make) => html`<token-status-badge .integration=${make()}></token-status-badge>`)}
  </div>`,
};

export const Dark: Story = { ...AllStates, ...dark };

export const RightToLeft: Story = { ...AllStates, ...rtl };

export const German: Story = { ...AllStates, ...german(300) };

/** Run under forced-colours emulation (see the note in the story): each state keeps its words and icon, never colour alone. */
export const ForcedColors: Story = { ...AllStates, decorators: [forcedColors], tags: ['forced-colors'] };
