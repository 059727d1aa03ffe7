/**
 * How the sign-in flow's code is fetched. In the ESM build it is a chunk; the script-tag build
 * swaps this module for flow-import.script.ts (build/script-files.ts).
 * @internal
 */
export const importPopupFlow = () => import('./popup-flow.js');
