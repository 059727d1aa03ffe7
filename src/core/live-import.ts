/**
 * How the live stream's code is fetched. In the ESM build it is a chunk; the script-tag build
 * swaps this module for live-import.script.ts (build/script-files.ts).
 * @internal
 */
export const importLiveStream = () => import('./live-stream.js');
