import { expect, fixture, html } from '@open-wc/testing';
import { showToast, type ToastRegionElement } from '../../src/elements/toast-region/define.js';
import { withFakeClock } from '../support/clock.js';

const region = () => document.querySelector<ToastRegionElement>('mwap-toast-region')!;

describe('<mwap-toast-region>', () => {
  afterEach(() => document.querySelector('mwap-toast-region')?.remove());

  it('shows three toasts at most: a new one makes room by dismissing the oldest', async () => {
    for (const n of [1, 2, 3, 4, 5]) showToast({ message: `Result ${n}` });
    await region().updateComplete;
    expect(region().messages).to.deep.equal(['Result 3', 'Result 4', 'Result 5']);
  });

  it('dismisses results after five seconds and keeps errors until dismissed', () =>
    withFakeClock(async (clock) => {
      showToast({ message: 'Saved.', variant: 'success' });
      showToast({ message: 'Two of five failed.', variant: 'error' });
      await clock.tickAsync(4_999);
      expect(region().messages).to.have.length(2);
      await clock.tickAsync(1);
      expect(region().messages).to.deep.equal(['Two of five failed.']);
      await clock.tickAsync(600_000);
      expect(region().messages).to.deep.equal(['Two of five failed.']);
    }));

  it('drops toasts about an integration once it is deleted, and keeps the others', async () => {
    showToast({ message: 'Token refreshed for A.', about: 'a' });
    showToast({ message: 'Token refreshed for B.', about: 'b' });
    showToast({ message: 'Done: 2 of 2 succeeded.' });
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    host.dispatchEvent(new CustomEvent('integration-deleted', { detail: { integrationId: 'a' }, bubbles: true, composed: true }));
    await region().updateComplete;
    expect(region().messages).to.deep.equal(['Token refreshed for B.', 'Done: 2 of 2 succeeded.']);
  });

  it('offers its buttons as targets of 24 px at least', async () => {
    showToast({ message: 'Two of five failed.', variant: 'error', action: { label: 'Retry', run: () => {} } });
    await region().updateComplete;
    for (const button of region().shadowRoot!.querySelectorAll('button')) {
      const rect = button.getBoundingClientRect();
      expect(Math.min(rect.width, rect.height), button.textContent!.trim()).to.be.at.least(24);
    }
  });

  it('takes no clicks outside its toasts, so the page under its gaps stays usable', async () => {
    const below = await fixture<HTMLButtonElement>(
      html`<button style="position: fixed; inset: auto 0 0 auto; inline-size: 100vw; block-size: 50vh">Page</button>`,
    );
    showToast({ message: 'One' });
    showToast({ message: 'Two' });
    await region().updateComplete;
    const [a, b] = [...region().shadowRoot!.querySelectorAll('li')].map((li) => li.getBoundingClientRect());
    // A point in the gap between the two toasts hits the page, not the region.
    const x = a!.left + a!.width / 2;
    const y = (a!.bottom + b!.top) / 2;
    expect(b!.top - a!.bottom, 'there is a gap').to.be.greaterThan(0);
    expect(document.elementFromPoint(x, y)).to.equal(below);
    // A point on a toast hits the toast.
    expect(document.elementFromPoint(x, a!.top + a!.height / 2)).to.equal(region());
  });
});
