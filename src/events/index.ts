/** Every public event class; `table.ts` says which element fires which. */
export { MwapEvent } from './base.js';
export * from './integration-events.js';
export * from './wizard-events.js';
export * from './provider-select-event.js';
export * from './card-selection-change-event.js';
export type { MwapEventMap, MwapEventName } from './table.js';
