/**
 * The script tag's live stream: `mwap-integrations.live.<hash>.js` beside it (src/script-files.ts),
 * fetched the first time the client opens the stream. It takes the core from the script tag.
 * @internal
 */
import { importBesideScript } from '../script-files.js';

type LiveStreamModule = typeof import('./live-stream.js');

export const importLiveStream = () => importBesideScript('live', 'the live event stream') as Promise<LiveStreamModule>;
