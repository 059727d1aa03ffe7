import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ProviderSelectorElement } from '../src/elements/provider-selector/define.js';
import { failure } from './mocks/handlers.js';
import { storyProviders } from './mocks/fixtures.js';
import { waitFor } from './support/shadow.js';
import { dark, german, mwap, rtl } from './support/story-helpers.js';

interface Args {
  value: string;
  label: string;
  required: boolean;
  errorMessage: string;
  onProviderSelect?: (event: Event) => void;
  onIntegrationError?: (event: Event) => void;
}

/**
 * Find and choose a cloud provider: a searchable listbox (arrow keys, Home/End, type-ahead).
 * Loads the catalogue through its client unless the host gives `providers`.
 */
const meta: Meta<Args> = {
  title: 'Elements/provider-selector',
  component: 'provider-selector',
  args: { value: '', label: '', required: false, errorMessage: '' },
  render: (args) => html`<div style="max-width: 34rem">
    <provider-selector
      value=${args.value}
      label=${args.label}
      ?required=${args.required}
      error-message=${args.errorMessage}
      @provider-select=${args.onProviderSelect}
      @integration-error=${args.onIntegrationError}
    ></provider-selector>
  </div>`,
};
export default meta;

type Story = StoryObj<Args>;

export const Default: Story = {};

export const Selected: Story = { args: { value: 'dev-analytics' } };

export const Loading: Story = { parameters: mwap({ scenario: { pending: ['providers'] } }) };

export const LoadError: Story = {
  parameters: mwap({ scenario: { failures: { providers: failure.server() } } }),
  tags: ['network-errors'],
};

export const NoProviders: Story = { parameters: mwap({ scenario: { providers: [] } }) };

/** The wizard's "choose a provider to continue" message, announced with the list. */
export const ValidationMessage: Story = { args: { required: true, errorMessage: 'Choose a provider to continue.' } };

/** A search with no match. */
export const NoMatch: Story = {
  play: async ({ canvasElement }) => {
    const selector = canvasElement.querySelector('provider-selector') as ProviderSelectorElement;
    const search = await waitFor(() => selector.shadowRoot?.querySelector<HTMLInputElement>('input[type="search"]'), 'the search box');
    search.value = 'mainframe';
    search.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await selector.updateComplete;
  },
};

/** The host already has the catalogue: no request is made. */
export const GivenProviders: Story = {
  render: (args) => html`<div style="max-width: 34rem">
    <provider-selector .providers=${storyProviders().slice(0, 2)} value=${args.value} @provider-select=${args.onProviderSelect}></provider-selector>
  </div>`,
};

export const Dark: Story = { ...Selected, ...dark };

export const RightToLeft: Story = { ...Selected, ...rtl };

export const German: Story = { ...Selected, ...german(520) };
