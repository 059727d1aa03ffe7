import type { ReactiveControllerHost } from 'lit';
import type { IntegrationsClient } from '../core/client.js';
import { permissionsFrom, type DenialReason, type IntegrationAction, type Me, type Permissions } from '../core/permissions.js';
import { QueryController } from './query-controller.js';

/**
 * What the user of an element may do: the client's `/me` answer (watched, so a role change shows),
 * the client's `readonly`, and the element's own `readonly` (a host's read-only view of one element).
 * Until `/me` has loaded nothing that writes is offered; when it fails everything is (the server decides).
 */
export class PermissionsController {
  readonly #me: QueryController<{ me: Me | null }>;

  constructor(
    host: ReactiveControllerHost,
    private readonly client: () => IntegrationsClient | undefined,
    private readonly forcedReadonly: () => boolean = () => false,
  ) {
    this.#me = new QueryController(host, (c) => c.queries.me(), client);
  }

  get current(): Permissions {
    const state = this.#me.state;
    // A failed /me offers everything: the server still decides.
    const me = state?.data ? state.data.me : state?.error ? null : undefined;
    return permissionsFrom(me, this.forcedReadonly() || (this.client()?.config.readonly ?? false));
  }

  can(action: IntegrationAction): boolean {
    return this.current.can(action);
  }

  denied(action: IntegrationAction): DenialReason | undefined {
    return this.current.denied(action);
  }
}
