import { noChange } from 'lit';
import { Directive, directive, PartType, type AttributePart, type PartInfo } from 'lit/directive.js';

/**
 * `style=${styleProperties({ left: '40%' })}`: sets inline style properties through the CSSOM
 * (`element.style.setProperty`) and never writes a `style` attribute. Lit's styleMap writes the
 * attribute on first render, which a Content-Security-Policy without `'unsafe-inline'` for styles
 * refuses; CSSOM writes are allowed under any policy. Names are CSS names (`inline-size`).
 */
class StylePropertiesDirective extends Directive {
  #previous: ReadonlySet<string> = new Set();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ATTRIBUTE || part.name !== 'style') {
      throw new Error('styleProperties() belongs in a style attribute binding: style=${styleProperties({...})}');
    }
  }

  render(_properties: Readonly<Record<string, string>>): typeof noChange {
    return noChange;
  }

  override update(part: AttributePart, [properties]: [Readonly<Record<string, string>>]): typeof noChange {
    const { style } = part.element as HTMLElement | SVGElement;
    // A property left out since the last render goes, as with styleMap.
    for (const name of this.#previous) if (!(name in properties)) style.removeProperty(name);
    for (const [name, value] of Object.entries(properties)) style.setProperty(name, value);
    this.#previous = new Set(Object.keys(properties));
    return noChange;
  }
}

export const styleProperties = directive(StylePropertiesDirective);
