/**
 * The script tag's sign-in flow: `mwap-integrations.oauth.<hash>.js` beside it (src/script-files.ts),
 * fetched on the first Connect, once the window is open. It takes the core from the script tag.
 * @internal
 */
import { importBesideScript } from '../../script-files.js';

type PopupFlowModule = typeof import('./popup-flow.js');

export const importPopupFlow = () => importBesideScript('oauth', 'the sign-in flow') as Promise<PopupFlowModule>;
