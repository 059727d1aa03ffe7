import { property } from 'lit/decorators.js';
import type { IntegrationAction } from '../../core/permissions.js';
import { PermissionsController } from '../../controllers/permissions-controller.js';
import { DetailsPanelElement } from './details-panel.js';

/**
 * A part of `<integration-details>` with actions the caller may not be allowed: it offers only
 * what the client's `/me` grants, and nothing that writes when the details are read-only. The
 * reason is said once, by the header, not by every part.
 * @internal
 */
export abstract class GuardedPanelElement extends DetailsPanelElement {
  /** The host made the details read-only. */
  @property({ type: Boolean }) readonly = false;

  /** @internal */
  protected readonly permissions = new PermissionsController(
    this,
    () => this.activeClient,
    () => this.readonly,
  );

  /** @internal */
  protected can(action: IntegrationAction): boolean {
    return this.permissions.can(action);
  }
}
