import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ToastRegionElement } from '../src/elements/toast-region/define.js';
import { dark, german, rtl } from './support/story-helpers.js';

/**
 * The page's one live region for results and errors: elements call `showToast()`, which uses the
 * first `<mwap-toast-region>` on the page (or adds one). Errors stay until dismissed.
 */
const meta: Meta = {
  title: 'Parts/mwap-toast-region',
  component: 'mwap-toast-region',
  render: () => html`<p>Results of actions appear at the bottom corner.</p>
    <mwap-toast-region></mwap-toast-region>`,
  play: async ({ canvasElement }) => {
    const region = canvasElement.querySelector('mwap-toast-region') as ToastRegionElement;
    await region.updateComplete;
    region.show({ message: 'Token refreshed for Production storage.', variant: 'success', durationMs: 600_000 });
    region.show({ message: 'Nightly analytics export: connection test failed (Userinfo accepted).', variant: 'error' });
    region.show({
      message: '2 of 4 failed. See the list for why.',
      variant: 'info',
      durationMs: 600_000,
      action: { label: 'Retry', run: () => undefined },
    });
    await region.updateComplete;
  },
  parameters: { docs: { story: { inline: false, height: '320px' } } },
};
export default meta;

type Story = StoryObj;

export const Notifications: Story = {};

export const Dark: Story = { ...dark };

export const RightToLeft: Story = { ...rtl };

export const German: Story = { ...german(320) };
