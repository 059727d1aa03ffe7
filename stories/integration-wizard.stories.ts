import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { IntegrationConnectedEvent } from '../src/events/integration-events.js';
import type { IntegrationWizardElement } from '../src/elements/integration-wizard/define.js';
import { failure } from './mocks/handlers.js';
import { LONG_DESCRIPTION, LONG_NAME, longTextCatalogue, longTextIntegration } from './mocks/fixtures.js';
import { typeInto, waitFor, waitForDeep } from './support/shadow.js';
import type { MwapLoaded } from './support/story-client.js';
import { expectFits } from './support/layout.js';
import { dark, forcedColors, german, hostHeadings, hostReadonly, member, mwap, narrow, rtl } from './support/story-helpers.js';

interface Args {
  providerId: string;
  readonly: boolean;
  headingLevel: number;
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
  args: { providerId: '', readonly: false, headingLevel: 2 },
  render: (args) => html`<integration-wizard
    provider-id=${args.providerId}
    ?readonly=${args.readonly}
    heading-level=${args.headingLevel}
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

/** The catalogue in German (Accept-Language: de): the providers' descriptions as the API words them. */
export const GermanProviders: Story = { ...german(760) };

/** A tenant member (`GET /me`: may only read) may not create integrations: the wizard says so instead of offering steps. */
export const Member: Story = { parameters: member };

/** The host made the wizard read-only (`readonly`): nothing can be created. */
export const ReadOnly: Story = { args: { readonly: true } };

/** The host made the whole client read-only (`createClient({ readonly: true })`). */
export const ReadOnlyClient: Story = { args: { providerId: 'dev-cloud' }, parameters: hostReadonly };

const longText = mwap({ scenario: { integrations: () => [longTextIntegration()], providers: longTextCatalogue } });

/**
 * A long provider name, description, labels and option labels, and a 200-character name,
 * description and setting values typed in (one an unbroken URL): everything wraps.
 */
export const LongText: Story = {
  args: { providerId: 'dev-long' },
  parameters: longText,
  play: async ({ canvasElement }) => {
    const wizard = wizardIn(canvasElement);
    const root = wizard.shadowRoot!;
    const values = longTextIntegration().settings as Record<string, string>;
    typeInto(await waitForDeep<HTMLInputElement>(root, '[data-path="name"]'), LONG_NAME);
    typeInto(await waitForDeep<HTMLTextAreaElement>(root, '[data-path="description"]'), LONG_DESCRIPTION);
    typeInto(await waitForDeep<HTMLInputElement>(root, '[data-path="settings.endpoint"]'), values.endpoint!);
    typeInto(await waitForDeep<HTMLInputElement>(root, '[data-path="settings.bucket"]'), values.bucket!);
    await wizard.updateComplete;
    await expectFits(canvasElement);
  },
};

/** Choosing a provider at 320 px, the long provider among them: names and descriptions wrap. */
export const Narrow320: Story = { parameters: longText, decorators: [narrow], play: ({ canvasElement }) => expectFits(canvasElement) };

/** Details at 320 px with the long texts typed in. */
export const Narrow320Details: Story = { ...LongText, decorators: [narrow] };

/** Run under forced-colours emulation (see the note in the story): invalid fields keep their text and outline. */
export const ForcedColors: Story = { ...Step2ValidationErrors, decorators: [forcedColors], tags: ['forced-colors'] };

/** On a host page with its own `<h1>` and `<h2>`: the step heading continues at level 3 (`heading-level="3"`). */
export const HostPageHeading: Story = { ...Step2Details, args: { ...Step2Details.args, headingLevel: 3 }, decorators: [hostHeadings] };
