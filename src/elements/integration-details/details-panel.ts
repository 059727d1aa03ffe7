import { property } from 'lit/decorators.js';
import type { Integration } from '../../core/types.js';
import { ActionController, type ActionOptions, type ActionResult } from '../../controllers/action-controller.js';
import { MwapElement } from '../../internal/mwap-element.js';
import { showToast } from '../toast-region/define.js';

/**
 * What the parts of `<integration-details>` share: the integration they show (always the
 * cache's current copy, passed down by the parent), the outline level of the details' heading,
 * and their actions, run by an ActionController on behalf of that integration.
 * @internal
 */
export abstract class DetailsPanelElement extends MwapElement {
  /** The integration shown; the parent passes the cache's current copy. */
  @property({ attribute: false }) integration: Integration | undefined;
  /** The level of the details' own heading (the name); a part's section headings sit one below. */
  @property({ type: Number, attribute: false }) headingLevel = 2;

  /** @internal */
  protected readonly actions = new ActionController(this, showToast);

  /** Reports a failed load as `integration-error`, once per failure. @internal */
  protected reportOnce(error: unknown): void {
    this.actions.report(error, this.integration?.id);
  }

  /** @internal */
  protected isBusy(action: string): boolean {
    return this.actions.busy(action);
  }

  /** Runs a user action about the integration shown (see ActionController.run). @internal */
  protected perform<T>(action: string, options: ActionOptions<T>): Promise<ActionResult<T>> {
    return this.actions.run(action, { integrationId: this.integration?.id, ...options });
  }
}
