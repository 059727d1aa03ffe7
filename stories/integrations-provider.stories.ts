import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { mockApiBaseUrl, registerScenario } from './mocks/handlers.js';
import { storyProviders } from './mocks/fixtures.js';
import { dark } from './support/story-helpers.js';

interface Args {
  apiBaseUrl: string;
  redirectUri: string;
  allowInsecureHttp: boolean;
  onIntegrationError?: (event: Event) => void;
}

/**
 * Scopes a client to its subtree: every element inside uses it instead of the page default (from
 * `configure()`). Give it `api-base-url` (and `redirect-uri`) to make one, or a ready `client`.
 * Several providers let one page talk to several APIs (or tenants).
 *
 * (Every story in this Storybook runs inside one, holding that story's mock API client.)
 */
const meta: Meta<Args> = {
  title: 'Elements/integrations-provider',
  component: 'integrations-provider',
  args: { apiBaseUrl: '', redirectUri: '', allowInsecureHttp: false },
  render: (args, context) => html`<integrations-provider
    api-base-url=${args.apiBaseUrl || mockApiBaseUrl(context.id)}
    redirect-uri=${args.redirectUri}
    ?allow-insecure-http=${args.allowInsecureHttp}
    @integration-error=${args.onIntegrationError}
  >
    <integration-list view="list" no-select></integration-list>
  </integrations-provider>`,
};
export default meta;

type Story = StoryObj<Args>;

/** A provider made from attributes, around a list. */
export const FromAttributes: Story = {};

/**
 * A configuration the client refuses (plain http to another host): the provider reports
 * `integration-error` and the list inside says it is not configured.
 */
export const InvalidConfiguration: Story = { args: { apiBaseUrl: 'http://api.example.com/api' } };

/** Two providers on one page, each with its own API: two tenants side by side. */
export const TwoClients: Story = {
  render: (_args, context) => html`<div style="display: grid; gap: 24px">
    <section aria-labelledby="tenant-a">
      <h2 id="tenant-a" style="font: 600 1rem system-ui; margin: 0 0 8px">Tenant A: its integrations</h2>
      <integrations-provider api-base-url=${mockApiBaseUrl(context.id)}>
        <integration-list view="list" no-select></integration-list>
      </integrations-provider>
    </section>
    <section aria-labelledby="tenant-b">
      <h2 id="tenant-b" style="font: 600 1rem system-ui; margin: 0 0 8px">Tenant B: the providers its API offers</h2>
      <integrations-provider api-base-url=${mockApiBaseUrl(`${context.id}--tenant-b`)}>
        <provider-selector label="Tenant B providers"></provider-selector>
      </integrations-provider>
    </section>
  </div>`,
  loaders: [
    (context) => {
      registerScenario(`${context.id}--tenant-b`, { providers: storyProviders().slice(2) });
      return {};
    },
  ],
};

export const Dark: Story = { ...dark };
