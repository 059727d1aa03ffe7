import { define } from '../../internal/define.js';
import { ToastRegionElement, type ToastOptions } from './toast-region.js';

define('mwap-toast-region', ToastRegionElement);

declare global {
  interface HTMLElementTagNameMap {
    'mwap-toast-region': ToastRegionElement;
  }
}

export { ToastRegionElement };
export type { ToastOptions, ToastVariant } from './toast-region.js';

/** Shows a toast in the page's region, creating the region on first use. */
export function showToast(options: ToastOptions): () => void {
  let region = document.querySelector<ToastRegionElement>('mwap-toast-region');
  if (!region) {
    region = document.createElement('mwap-toast-region');
    document.body.append(region);
  }
  return region.show(options);
}
