import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ConfirmDialogElement } from '../src/elements/confirm-dialog/define.js';
import { dark, german, rtl } from './support/story-helpers.js';

interface Args {
  heading: string;
  confirmLabel: string;
  cancelLabel: string;
  danger: boolean;
}

/**
 * The modal question the list, the wizard and the details ask before something that cannot be
 * undone. Focus is trapped while open and returns to where it was; Escape cancels.
 */
const meta: Meta<Args> = {
  title: 'Parts/mwap-confirm-dialog',
  component: 'mwap-confirm-dialog',
  args: { heading: 'Delete 3 integrations?', confirmLabel: 'Delete', cancelLabel: '', danger: true },
  render: (
    args,
  ) => html`<mwap-confirm-dialog heading=${args.heading} confirm-label=${args.confirmLabel} cancel-label=${args.cancelLabel} ?danger=${args.danger}>
    <p>Their provider tokens are revoked and the integrations are removed. This cannot be undone.</p>
  </mwap-confirm-dialog>`,
  play: async ({ canvasElement }) => {
    const dialog = canvasElement.querySelector('mwap-confirm-dialog') as ConfirmDialogElement;
    void dialog.show();
    await dialog.updateComplete;
  },
  parameters: { docs: { story: { inline: false, height: '320px' } } },
};
export default meta;

type Story = StoryObj<Args>;

export const Danger: Story = {};

export const Neutral: Story = { args: { heading: 'Refresh tokens of 3 integrations?', confirmLabel: 'Refresh tokens', danger: false } };

export const Dark: Story = { ...dark };

export const RightToLeft: Story = { ...rtl };

export const German: Story = { ...german(320), args: { confirmLabel: '', heading: 'Integrationen löschen?' } };
