import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { makeActivity } from './mocks/fixtures.js';
import { waitFor } from './support/shadow.js';
import { mwap, ownFrame } from './support/story-helpers.js';
import type { MwapLoaded } from './support/story-client.js';

/**
 * The client following the server's event stream (`GET /api/events`, fetch + Server-Sent Events,
 * bearer header): what the server does shows on every element at once, with no polling. In these
 * stories the mock API plays the reference server's background worker a moment after the story
 * has loaded.
 */
const meta: Meta = {
  title: 'Core/Live events',
  parameters: { ...ownFrame(760), ...mwap({ scenario: { live: true, activity: { 'int-expiring': makeActivity('int-expiring') } } }) },
};
export default meta;

type Story = StoryObj;

const loadedOf = (context: StoryContext) => (context as StoryContext & { loaded: MwapLoaded }).loaded;

/** Waits for the stream, lets the page settle a moment, then runs what the server does. */
async function whileWatching(context: StoryContext, serverDoes: (loaded: MwapLoaded) => void): Promise<void> {
  const loaded = loadedOf(context);
  await waitFor(() => loaded.client.liveState === 'open', 'the event stream', 8000);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  serverDoes(loaded);
}

/**
 * The server refreshes an expiring token itself (`/me` says `serverRefresh`, so the page's own
 * scheduler steps aside): the badge, the token panel and the activity show it as it happens.
 */
export const TokenRefreshedByTheServer: Story = {
  render: () => html`<div style="display: grid; gap: 24px">
    <integration-details integration-id="int-expiring"></integration-details>
  </div>`,
  play: async (context) => {
    await whileWatching(context, ({ api }) => api.serverRefresh('int-expiring'));
    const { client } = loadedOf(context);
    await waitFor(() => client.cachedIntegration('int-expiring')?.tokenStatus === 'valid', 'the refreshed token');
  },
};

/** The provider revoked the grant: the server's event turns the card red, in every tab that shows it. */
export const RevocationTurnsTheCardRed: Story = {
  render: () => html`<integration-list view="grid" no-select></integration-list>`,
  play: async (context) => {
    await whileWatching(context, ({ api }) => api.revoke('int-connected'));
    const { client } = loadedOf(context);
    await waitFor(() => client.cachedIntegration('int-connected')?.status === 'error', 'the revoked integration');
  },
};
