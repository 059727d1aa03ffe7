import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ActionController, type Toaster } from '../../controllers/action-controller.js';

type CardHost = ReactiveControllerHost & EventTarget;

/**
 * The quick actions' state of one integration: what runs, the last failure, the sign-in being
 * waited for. It lives apart from the card node that shows it, since `<integration-list>` reuses
 * card nodes for other integrations as it scrolls: a refresh started on A must not show on B when
 * A's node comes to show B, and must show on A again wherever A is shown next. The card that shows
 * the integration now re-renders on its changes and sends its events; with none, `fallback` does.
 */
export class CardActionState extends EventTarget implements ReactiveControllerHost {
  readonly actions: ActionController;
  /** The running sign-in, so "Stop waiting" can end it. */
  signIn: AbortController | undefined;
  /** The sign-in window read as closed at once (a provider's COOP, or the user): offer to stop waiting. */
  signInDetached = false;
  /** Whether an action has ever run here: a list keeps such states while their integration is listed. */
  used = false;
  #card: CardHost | undefined;
  readonly #controllers = new Set<ReactiveController>();

  constructor(
    private readonly fallback: EventTarget,
    toast?: Toaster,
  ) {
    super();
    this.actions = new ActionController(this, toast);
  }

  /** `card` shows this integration now (a card shows one state at a time). */
  attach(card: CardHost): void {
    this.#card = card;
  }

  detach(card: CardHost): void {
    if (this.#card === card) this.#card = undefined;
  }

  /** The integration left (deleted, filtered out, the list left the page): its toasts go with it. */
  dispose(): void {
    for (const controller of this.#controllers) controller.hostDisconnected?.();
  }

  addController(controller: ReactiveController): void {
    this.#controllers.add(controller);
  }

  removeController(controller: ReactiveController): void {
    this.#controllers.delete(controller);
  }

  requestUpdate(): void {
    this.used = true;
    this.#card?.requestUpdate();
  }

  get updateComplete(): Promise<boolean> {
    return this.#card?.updateComplete ?? Promise.resolve(true);
  }

  override dispatchEvent(event: Event): boolean {
    return (this.#card ?? this.fallback).dispatchEvent(event);
  }
}
