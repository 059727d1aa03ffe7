/**
 * CSRF-safe OAuth `state` (RFC 6749 §10.12, RFC 9700 §4.7): an opaque random value goes to the
 * provider; what it stands for stays in memory here. A state is accepted once, for ten minutes.
 */
import { IntegrationError } from '../errors.js';
import { randomToken } from './base64url.js';

export const STATE_MAX_AGE_MS = 10 * 60_000;

export interface OAuthStateRecord {
  /** The opaque value sent to the provider as `state`. */
  state: string;
  integrationId: string;
  nonce: string;
  csrf: string;
  /** When it was made, in ms since the epoch. */
  timestamp: number;
}

export interface OAuthStateStoreOptions {
  maxAgeMs?: number;
  now?: () => number;
}

export class OAuthStateStore {
  readonly #pending = new Map<string, OAuthStateRecord>();
  /** States already consumed, kept until they would have expired so a replay is recognised as one. */
  readonly #used = new Map<string, number>();
  readonly #maxAgeMs: number;
  readonly #now: () => number;

  constructor(options: OAuthStateStoreOptions = {}) {
    this.#maxAgeMs = options.maxAgeMs ?? STATE_MAX_AGE_MS;
    this.#now = options.now ?? (() => Date.now());
  }

  create(integrationId: string): OAuthStateRecord {
    this.#prune();
    const record: OAuthStateRecord = {
      state: randomToken(32),
      integrationId,
      nonce: randomToken(16),
      csrf: randomToken(16),
      timestamp: this.#now(),
    };
    this.#pending.set(record.state, record);
    return record;
  }

  /** Checks without using it up: for telling which flow a message belongs to. */
  peek(state: string): OAuthStateRecord | undefined {
    return this.#pending.get(state);
  }

  /** Validates `state` and uses it up. Throws `invalid_state` (unknown, reused) or `expired_state`. */
  consume(state: unknown): OAuthStateRecord {
    if (typeof state !== 'string' || state === '') {
      throw new IntegrationError('invalid_state', 'The sign-in response carried no state. Start again.');
    }
    if (this.#used.has(state)) {
      throw new IntegrationError('invalid_state', 'This sign-in response was already used. Start again.');
    }
    const record = this.#pending.get(state);
    if (!record) {
      throw new IntegrationError('invalid_state', 'This sign-in response does not belong to a sign-in started here.');
    }
    this.#pending.delete(state);
    this.#used.set(state, record.timestamp);
    if (this.#now() - record.timestamp > this.#maxAgeMs) {
      throw new IntegrationError('expired_state', 'The sign-in took longer than ten minutes. Start again.');
    }
    return record;
  }

  /** Forgets a state without using it (a flow that was cancelled). */
  discard(state: string): void {
    this.#pending.delete(state);
  }

  #prune(): void {
    // Twice the lifetime, so a late answer still reads as expired rather than unknown.
    const oldest = this.#now() - 2 * this.#maxAgeMs;
    // Pending states are in the order they were made: stop at the first one still young, so making
    // a state does not cost a walk over every pending one.
    for (const [state, record] of this.#pending) {
      if (record.timestamp >= oldest) break;
      this.#pending.delete(state);
    }
    for (const [state, timestamp] of this.#used) if (timestamp < oldest) this.#used.delete(state);
  }
}

const defaultStore = new OAuthStateStore();

/** Makes a state for `integrationId` in the page-wide store. */
export function createOAuthState(integrationId: string): OAuthStateRecord {
  return defaultStore.create(integrationId);
}

/** Validates and uses up a state from the page-wide store. */
export function validateOAuthState(state: unknown): OAuthStateRecord {
  return defaultStore.consume(state);
}
