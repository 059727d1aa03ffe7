/**
 * What a failed on-demand load looks like to a host: `MwapIntegrations.load()` rejects with an
 * `ElementLoadError`, and every element of that tag waiting in the page gets an
 * `ElementLoadErrorEvent` (`mwap-load-error`, bubbling and composed). The tag stays undefined;
 * the next time it appears (or the next `load()`), the file is asked for again.
 */
import { MwapEvent } from './events/base.js';

/** A file of the script tag that could not be loaded (missing, offline, refused by a CSP). */
export class ScriptFileLoadError extends Error {
  override name = 'ScriptFileLoadError';
  /** The address that was tried. */
  readonly url: string;
  constructor(message: string, url: string, options?: { cause?: unknown }) {
    super(message, options);
    this.url = url;
  }
}

/** An element's file could not be loaded: the tag stays undefined. */
export class ElementLoadError extends ScriptFileLoadError {
  override name = 'ElementLoadError';
  /** The tag whose code did not load. */
  readonly tagName: string;
  constructor(message: string, url: string, tagName: string, options?: { cause?: unknown }) {
    super(message, url, options);
    this.tagName = tagName;
  }
}

export interface ElementLoadErrorDetail {
  tagName: string;
  url: string;
  error: ElementLoadError;
}

/** Fired on each element of a tag whose code failed to load. */
export class ElementLoadErrorEvent extends MwapEvent<ElementLoadErrorDetail> {
  static readonly eventName = 'mwap-load-error';
  constructor(error: ElementLoadError) {
    super(ElementLoadErrorEvent.eventName, { tagName: error.tagName, url: error.url, error });
  }
}

declare global {
  interface HTMLElementEventMap {
    'mwap-load-error': ElementLoadErrorEvent;
  }
}
