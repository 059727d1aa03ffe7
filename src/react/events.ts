import type { EventName } from '@lit/react';
import { ELEMENT_EVENTS, type MwapElementTag, type MwapEventMap, type MwapEventName } from '../events/table.js';

/** `integration-create-request` → `integrationCreateRequest`. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** The React prop of an event: `integration-updated` → `onIntegrationUpdated`. */
export type EventProp<N extends string> = `on${Capitalize<Camel<N>>}`;

/** What @lit/react's `events` option takes for an element: prop name → typed event name. */
export type EventProps<T extends MwapElementTag> = {
  [N in (typeof ELEMENT_EVENTS)[T][number] as EventProp<N>]: EventName<MwapEventMap[N]>;
};

export const eventProp = <N extends MwapEventName>(name: N): EventProp<N> =>
  `on${name.replace(/(?:^|-)([a-z])/g, (_, letter: string) => letter.toUpperCase())}` as EventProp<N>;

/** The `events` option for the wrapper of `tag`: one `on…` prop for each event the element fires. */
export function eventProps<T extends MwapElementTag>(tag: T): EventProps<T> {
  return Object.fromEntries(ELEMENT_EVENTS[tag].map((name) => [eventProp(name), name])) as EventProps<T>;
}
