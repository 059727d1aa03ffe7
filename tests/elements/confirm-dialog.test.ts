import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/confirm-dialog/define.js';
import type { ConfirmDialogElement } from '../../src/elements/confirm-dialog/define.js';
import { showToast } from '../../src/elements/toast-region/define.js';
import { expectFocusOn } from '../support/dom.js';

describe('<mwap-confirm-dialog>', () => {
  it('confirms from the keyboard, traps focus in the modal and restores it after', async () => {
    const root = await fixture<HTMLDivElement>(html`<div>
      <button id="opener">Delete</button>
      <mwap-confirm-dialog heading="Delete 3 integrations?" confirm-label="Delete" danger>
        Their provider tokens will be revoked.
      </mwap-confirm-dialog>
    </div>`);
    const opener = root.querySelector<HTMLButtonElement>('#opener')!;
    const dialog = root.querySelector<ConfirmDialogElement>('mwap-confirm-dialog')!;
    opener.focus();
    const decision = dialog.show();
    await dialog.updateComplete;
    expect(dialog.open).to.equal(true);
    const focusedLabel = () => dialog.shadowRoot!.activeElement?.textContent?.trim();
    expect(focusedLabel(), 'a destructive dialog focuses Cancel first').to.equal('Cancel');
    await expect(dialog).to.be.accessible();
    await sendKeys({ press: 'Tab' });
    expect(focusedLabel()).to.equal('Delete');
    // Tabbing on never reaches the page behind the modal.
    for (let i = 0; i < 4 && focusedLabel() !== 'Delete'; i++) {
      await sendKeys({ press: 'Tab' });
      expect(document.activeElement, 'focus never reaches the page behind').not.to.equal(opener);
    }
    for (let i = 0; i < 4; i++) {
      await sendKeys({ press: 'Tab' });
      expect(document.activeElement).not.to.equal(opener);
      if (focusedLabel() === 'Delete') break;
    }
    expect(focusedLabel()).to.equal('Delete');
    await sendKeys({ press: 'Enter' });
    expect(await decision).to.equal(true);
    expectFocusOn(opener, document.activeElement);
  });

  it('resolves false on Escape', async () => {
    const dialog = await fixture<ConfirmDialogElement>(html`<mwap-confirm-dialog heading="Discard?"></mwap-confirm-dialog>`);
    const decision = dialog.show();
    await dialog.updateComplete;
    await sendKeys({ press: 'Escape' });
    expect(await decision).to.equal(false);
  });
});

describe('toasts', () => {
  it('show in one live region, run their action, and dismiss', async () => {
    let retried = 0;
    showToast({ message: 'Saved', variant: 'success' });
    showToast({ message: 'Refresh failed', variant: 'error', action: { label: 'Retry', run: () => retried++ } });
    const regions = document.querySelectorAll('mwap-toast-region');
    expect(regions).to.have.length(1);
    const region = regions[0]!;
    await region.updateComplete;
    expect(region.messages).to.deep.equal(['Saved', 'Refresh failed']);
    const live = region.shadowRoot!.querySelector('[aria-live="polite"]')!;
    expect(live.textContent).to.contain('Refresh failed');
    await expect(region).to.be.accessible();
    const retry = [...region.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Retry')!;
    retry.click();
    expect(retried).to.equal(1);
    await region.updateComplete;
    expect(region.messages).to.deep.equal(['Saved']);
    region.remove();
  });
});
