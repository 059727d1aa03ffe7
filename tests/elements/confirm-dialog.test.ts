import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/elements/confirm-dialog/define.js';
import type { ConfirmDialogElement } from '../../src/elements/confirm-dialog/define.js';
import { showToast } from '../../src/elements/toast-region/define.js';
import { expectFocusOn } from '../support/dom.js';
import { engine } from '../support/engine.js';
import { isolate } from '../../src/internal/bidi.js';

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

describe('<mwap-confirm-dialog> with real text', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('wraps a 200-character name at 320 px: no sideways scrolling, both buttons in view', async () => {
    await setViewport({ width: 320, height: 640 });
    const name = 'W'.repeat(200);
    const dialog = await fixture<ConfirmDialogElement>(
      html`<mwap-confirm-dialog heading=${`Delete “${isolate(name)}”?`} confirm-label="Delete" danger>
        <p>Its provider tokens are revoked and ${name} is removed.</p>
      </mwap-confirm-dialog>`,
    );
    void dialog.show();
    await dialog.updateComplete;
    const box = dialog.shadowRoot!.querySelector('dialog')!;
    // WebKitGTK's MiniBrowser (the WebKit run) cannot make its window narrower than about 450 px;
    // the name (200 W, some 2,500 px) must wrap there all the same. The other engines get 320 px.
    const viewport = document.documentElement.clientWidth;
    if (engine !== 'webkit') expect(viewport).to.equal(320);
    expect(box.getBoundingClientRect().right, 'inside the viewport').to.be.at.most(viewport);
    expect(box.scrollWidth, 'no horizontal scrollbar').to.be.at.most(box.clientWidth);
    for (const button of dialog.shadowRoot!.querySelectorAll('button')) {
      const rect = button.getBoundingClientRect();
      expect(rect.right).to.be.at.most(viewport);
      expect(Math.min(rect.width, rect.height), 'a 24 px target').to.be.at.least(24);
    }
    dialog.cancel();
  });

  it('keeps an override character in a name from reversing the rest of the heading', async () => {
    // U+202E (right-to-left override) in a name would flip "integration?" after it; the isolate stops it.
    const name = 'evil\u202Egnp.exe';
    const dialog = await fixture<ConfirmDialogElement>(
      html`<mwap-confirm-dialog heading=${`Delete “${isolate(name)}” now?`}></mwap-confirm-dialog>`,
    );
    void dialog.show();
    await dialog.updateComplete;
    const heading = dialog.shadowRoot!.querySelector('h2')!;
    const range = document.createRange();
    const text = [...heading.childNodes].find((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.includes('now?'))!;
    // Where " now?" is drawn: after the name (to its right, in a left-to-right heading).
    const at = (start: number, end: number) => (range.setStart(text, start), range.setEnd(text, end), range.getBoundingClientRect());
    const content = text.textContent!;
    const nowIndex = content.indexOf(' now?');
    const nameRect = at(content.indexOf('evil'), content.indexOf('evil') + 4);
    const nowRect = at(nowIndex + 1, nowIndex + 5);
    expect(nowRect.left, '"now?" stays after the name').to.be.greaterThan(nameRect.right);
    dialog.cancel();
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
