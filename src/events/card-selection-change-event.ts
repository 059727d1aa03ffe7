import { MwapEvent } from './base.js';

/** A card's checkbox changed; `shiftKey` asks the list for a range. */
export class CardSelectionChangeEvent extends MwapEvent<{ integrationId: string; selected: boolean; shiftKey: boolean }> {
  static readonly eventName = 'card-selection-change';
  constructor(integrationId: string, selected: boolean, shiftKey: boolean) {
    super(CardSelectionChangeEvent.eventName, { integrationId, selected, shiftKey });
  }
}
