/** What the redirect page hands to the opener, over postMessage and BroadcastChannel alike. */
export const CALLBACK_MESSAGE_TYPE = 'mwap:oauth-callback';
/** The opener's word back over the channel: it holds this sign-in, so the redirect page may close. */
export const CALLBACK_ACK_TYPE = 'mwap:oauth-ack';
/** BroadcastChannel name prefix: same-origin only by the platform's rules, so the redirect page's origin. */
export const CALLBACK_CHANNEL = 'mwap-integrations-oauth';

/**
 * One channel per sign-in, named by its state: only the flow holding that state listens, so the
 * code is handed to no other tab. Receivers still check the state in the message itself.
 */
export function callbackChannelName(state: string): string {
  return `${CALLBACK_CHANNEL}:${state}`;
}

export interface OAuthCallbackMessage {
  type: typeof CALLBACK_MESSAGE_TYPE;
  state: string | null;
  code: string | null;
  error: string | null;
  errorDescription: string | null;
  /** RFC 9207 authorization server issuer identifier, when the provider sends one. */
  iss: string | null;
}

const nullableString = (value: unknown) => value === null || typeof value === 'string';

/** Narrows anything received on a channel we do not control to a well-formed callback message. */
export function isCallbackMessage(data: unknown): data is OAuthCallbackMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  return (
    m.type === CALLBACK_MESSAGE_TYPE &&
    nullableString(m.state) &&
    nullableString(m.code) &&
    nullableString(m.error) &&
    nullableString(m.errorDescription) &&
    nullableString(m.iss)
  );
}

export interface OAuthCallbackAck {
  type: typeof CALLBACK_ACK_TYPE;
  state: string;
}

export function isCallbackAck(data: unknown): data is OAuthCallbackAck {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  return m.type === CALLBACK_ACK_TYPE && typeof m.state === 'string';
}
