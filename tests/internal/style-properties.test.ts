import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { styleProperties } from '../../src/internal/style-properties.js';

describe('styleProperties()', () => {
  it('sets inline properties through the CSSOM and removes the ones left out later', () => {
    const container = document.createElement('div');
    const view = (properties: Record<string, string>) => html`<span style=${styleProperties(properties)}></span>`;
    render(view({ left: '40%', 'inline-size': '3px' }), container);
    const span = container.querySelector('span')!;
    expect(span.style.left).to.equal('40%');
    expect(span.style.inlineSize).to.equal('3px');
    render(view({ left: '55%' }), container);
    expect(span.style.left).to.equal('55%');
    expect(span.style.inlineSize, 'dropped since the last render').to.equal('');
  });

  it('refuses any binding but a style attribute', () => {
    const container = document.createElement('div');
    expect(() => render(html`<span title=${styleProperties({ left: '1px' })}></span>`, container)).to.throw(/belongs in a style attribute/);
  });
});
