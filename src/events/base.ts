/**
 * What every public event shares: it bubbles and is composed, so a listener on `document` hears
 * it from any depth of shadow DOM, and its `detail` is frozen, so one listener cannot change what
 * the next one reads.
 */
export abstract class MwapEvent<TDetail extends object> extends Event {
  readonly detail: Readonly<TDetail>;
  protected constructor(type: string, detail: TDetail, init: { cancelable?: boolean } = {}) {
    super(type, { bubbles: true, composed: true, ...init });
    this.detail = Object.freeze(detail);
  }
}
