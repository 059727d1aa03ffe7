import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { IntegrationError, type IntegrationErrorCode } from '../src/core/errors.js';
import type { OAuthButtonElement, OAuthButtonStatus } from '../src/elements/oauth-button/define.js';
import { dark, german, mwap, rtl } from './support/story-helpers.js';

interface Args {
  integrationId: string;
  disabled: boolean;
  timeoutMs?: number;
  label: string;
  onIntegrationConnected?: (event: Event) => void;
  onIntegrationError?: (event: Event) => void;
}

/**
 * Connects an integration through the popup OAuth 2.0 + PKCE flow of the client. **Click Connect:**
 * the popup opens Storybook's mock provider, where Allow (or Deny) sends you back through the
 * library's real redirect page (`handleOAuthCallback()`), and the button reports the result.
 *
 * The other stories show each outcome without a popup, with the words users see.
 */
const meta: Meta<Args> = {
  title: 'Elements/oauth-button',
  component: 'oauth-button',
  args: { integrationId: 'int-pending', disabled: false, label: '' },
  argTypes: { label: { description: 'Story only: text for the default slot (empty: "Connect").' } },
  render: (args) => html`<oauth-button
    integration-id=${args.integrationId}
    ?disabled=${args.disabled}
    .timeoutMs=${args.timeoutMs}
    @integration-connected=${args.onIntegrationConnected}
    @integration-error=${args.onIntegrationError}
    >${args.label || ''}</oauth-button
  >`,
};
export default meta;

type Story = StoryObj<Args>;

/** The real flow: click, sign in at the mock provider, come back connected. */
export const Connect: Story = {};

/** The mock provider answers "access denied" at once: click Connect to see it. */
export const ConnectDenied: Story = { parameters: mwap({ scenario: { consent: 'deny' } }) };

export const CustomLabel: Story = { args: { label: 'Connect Dev Cloud' } };

export const Disabled: Story = { args: { disabled: true } };

/** Shows the element as a finished flow left it (no popup involved). */
const outcome = (status: OAuthButtonStatus, code?: IntegrationErrorCode, message = ''): Story => ({
  play: async ({ canvasElement }) => {
    const button = canvasElement.querySelector('oauth-button') as OAuthButtonElement;
    button.error = code ? new IntegrationError(code, message) : undefined;
    button.status = status;
    await button.updateComplete;
  },
});

/** While the user signs in: the button is inert and Cancel closes the popup. */
export const WaitingForSignIn: Story = outcome('connecting');

export const Connected: Story = outcome('connected');

/**
 * The browser's popup blocker stopped the window (here: `window.open` returns null, as a blocker
 * does). The button becomes "Open the sign-in window": a new click, so a new user gesture.
 */
export const PopupBlocked: Story = {
  play: async ({ canvasElement }) => {
    const button = canvasElement.querySelector('oauth-button') as OAuthButtonElement;
    const open = window.open;
    window.open = () => null;
    try {
      button.connect();
    } finally {
      window.open = open;
    }
    await button.updateComplete;
  },
};

export const AccessDenied: Story = outcome('failed', 'authorization_denied', 'Access was not granted: The user denied access.');

export const PopupClosed: Story = outcome('failed', 'popup_closed', 'The sign-in window was closed before sign-in finished.');

export const TimedOut: Story = outcome('failed', 'popup_timeout', 'The sign-in took too long. Try again.');

export const ProviderRefused: Story = outcome('failed', 'token_exchange_failed', 'PKCE verification failed.');

export const Cancelled: Story = outcome('cancelled');

export const Dark: Story = { ...AccessDenied, ...dark };

export const RightToLeft: Story = { ...AccessDenied, ...rtl };

export const German: Story = { ...AccessDenied, ...german(240) };
