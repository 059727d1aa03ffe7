/**
 * The live stream's code, loaded the first time the client opens `GET /api/events` (when `/me`
 * offers it and something watches the cache): a page that never follows the stream never
 * downloads its reader, its checks or what its events do (live-import.ts).
 * @internal
 */
export { LiveEvents } from './live.js';
export { applyLiveEvent } from './live-apply.js';
