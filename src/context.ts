import { createContext, ContextRoot } from '@lit/context';
import type { IntegrationsClient } from './core/client.js';

/**
 * The client reaches elements through this context. `Symbol.for` so two bundled copies of the
 * library on one page still share one key.
 */
export const clientContext = createContext<IntegrationsClient | undefined>(Symbol.for('mwap.integrations-client'));

const ROOT_FLAG = Symbol.for('mwap.integrations-context-root');

/**
 * A provider that appears after its consumers asked is only seen through a ContextRoot
 * (@lit/context docs): attach one to the document once, so late `<integrations-provider>`s work.
 */
export function ensureContextRoot(): void {
  const flags = document as unknown as Record<symbol, boolean>;
  if (flags[ROOT_FLAG]) return;
  flags[ROOT_FLAG] = true;
  new ContextRoot().attach(document.documentElement);
}
