import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { IntegrationConnectedEvent } from '../src/events/integration-events.js';
import type { IntegrationWizardElement } from '../src/elements/integration-wizard/define.js';
import { failure } from './mocks/handlers.js';
import { typeInto, waitFor, waitForDeep } from './support/shadow.js';
import type { MwapLoaded } from './support/story-client.js';
import { dark, german, mwap, rtl } from './support/story-helpers.js';

interface Args {
  providerId: string;
  onIntegrationCreated?: (event: Event) => void;
  onIntegrationConnected?: (event: Event) => void;
  onIntegrationError?: (event: Event) => void;
  onWizardCancel?: (event: Event) => void;
  onWizardComplete?: (event: Event) => void;
}

/**
 * Four steps: Provider → Details (validated as you type) → Authorize (the popup sign-in) →
 * Review. The integration is created once, when Details is confirmed, under one idempotency key.
 *
 * In **Step 3 · Authorize**, click Connect to go through the mock provider for real.
 */
const meta: Meta<Args> = {
  title: 'Elements/integration-wizard',
  component: 'integration-wizard',
  args: { providerId: '' },
  render: (args) => html`<integration-wizard
    provider-id=${args.providerId}
    @integration-created=${args.onIntegrationCreated}
    @integration-connected=${args.onIntegrationConnected}
    @integration-error=${args.onIntegrationError}
    @wizard-cancel=${args.onWizardCancel}
    @wizard-complete=${args.onWizardComplete}
  ></integration-wizard>`,
};
export default meta;

type Story = StoryObj<Args>;

const wizardIn = (canvas: HTMLElement) => canvas.querySelector('integration-wizard') as IntegrationWizardElement;

/** Fills Details for Dev Analytics (name and project id) and presses Next. */
async function submitDetails(canvas: HTMLElement, name = 'Product analytics') {
  const wizard = wizardIn(canvas);
  const root = wizard.shadowRoot!;
  typeInto(await waitForDeep<HTMLInputElement>(root, '[data-path="name"]'), name);
  typeInto(await waitForDeep<HTMLInputElement>(root, '[data-path="settings.projectId"]'), 'web-shop');
  await wizard.updateComplete;
  (await waitForDeep<HTMLButtonElement>(root, 'button[type="submit"]')).click();
  return wizard;
}

export const Step1ChooseProvider: Story = {};

export const Step1ProvidersLoading: Story = { parameters: mwap({ scenario: { pending: ['providers'] } }) };

export const Step1ProvidersError: Story = {
  parameters: mwap({ scenario: { failures: { providers: failure.server() } } }),
  tags: ['network-errors'],
};

/** `provider-id` preselects the provider and opens on Details. */
export const Step2Details: Story = { args: { providerId: 'dev-cloud' } };

/** Next with nothing filled in: each field says what it needs; focus goes to the first. */
export const Step2ValidationErrors: Story = {
  args: { providerId: 'dev-cloud' },
  play: async ({ canvasElement }) => {
    const wizard = wizardIn(canvasElement);
    (await waitForDeep<HTMLButtonElement>(wizard.shadowRoot!, 'button[type="submit"]')).click();
    await waitForDeep(wizard.shadowRoot!, '[aria-invalid="true"]');
  },
};

/** The server refuses a value: its message shows on the field. */
export const Step2ServerRejectsName: Story = {
  args: { providerId: 'dev-analytics' },
  parameters: mwap({ scenario: { failures: { create: failure.validation({ name: 'An integration with this name already exists.' }) } } }),
  tags: ['network-errors'],
  play: async ({ canvasElement }) => {
    const wizard = await submitDetails(canvasElement);
    await waitForDeep(wizard.shadowRoot!, '.field-error');
  },
};

/** Saving failed for a reason the user cannot fix in the form: an alert with Retry. */
export const Step2SaveFailed: Story = {
  args: { providerId: 'dev-analytics' },
  parameters: mwap({ scenario: { failures: { create: failure.server() } } }),
  tags: ['network-errors'],
  play: async ({ canvasElement }) => {
    const wizard = await submitDetails(canvasElement);
    await waitForDeep(wizard.shadowRoot!, '[part="alert"]');
  },
};

/** The integration is created; Connect opens the mock provider (click it). */
export const Step3Authorize: Story = {
  args: { providerId: 'dev-analytics' },
  play: async ({ canvasElement }) => {
    const wizard = await submitDetails(canvasElement);
    await waitFor(() => wizard.currentStep === 'authorize', 'the Authorize step');
  },
};

/**
 * After a successful sign-in. (To land here without a popup, the story hands the wizard the
 * connected integration the way its Connect button would.)
 */
export const Step4Review: Story = {
  args: { providerId: 'dev-analytics' },
  play: async (context) => {
    const { canvasElement } = context;
    const { api } = (context as StoryContext<Args> & { loaded: MwapLoaded }).loaded;
    const wizard = await submitDetails(canvasElement);
    await waitFor(() => wizard.currentStep === 'authorize', 'the Authorize step');
    const created = wizard.integration!;
    const connected = api.save({
      ...created,
      status: 'active',
      tokenStatus: 'valid',
      tokenExpiresAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
      updatedAt: new Date().toISOString(),
    });
    const button = await waitForDeep(wizard.shadowRoot!, 'oauth-button');
    button.dispatchEvent(new IntegrationConnectedEvent(connected));
    await waitFor(() => wizard.currentStep === 'review', 'the Review step');
  },
};

export const Dark: Story = { ...Step2Details, ...dark };

export const RightToLeft: Story = { ...Step2Details, ...rtl };

export const German: Story = { ...Step2Details, ...german(760) };
