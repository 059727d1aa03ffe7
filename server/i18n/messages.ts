/**
 * German for the messages other server modules write in English. They are translated where the
 * answer is written (ApiError.toBody), so a route keeps its plain English `throw`; a message not
 * listed here goes out in English, which server/tests/i18n.test.ts catches for the known ones.
 * A pattern's `$1`… keep what varies (a number, an id) as the English message had it.
 */
import type { Language } from './language.js';

const EXACT: Readonly<Record<string, string>> = {
  // Authentication and permissions (server/auth)
  'Sign in: this request needs an Authorization: Bearer token.':
    'Bitte anmelden: Diese Anfrage braucht ein Bearer-Token im Authorization-Header.',
  'The access token is not valid.': 'Das Zugriffstoken ist ungültig.',
  'The access token has expired.': 'Das Zugriffstoken ist abgelaufen.',
  'The token lacks the tenantId, sub or role claim.': 'Dem Token fehlt der Claim tenantId, sub oder role.',
  'Your role does not give access to integrations.': 'Ihre Rolle gewährt keinen Zugriff auf Integrationen.',
  'Only a tenant owner can change integrations.': 'Nur Inhaber des Mandanten können Integrationen ändern.',
  // Integrations (server/routes/integrations.ts)
  'This cursor does not belong to this list; start from the first page.':
    'Dieser Cursor gehört nicht zu dieser Liste; beginnen Sie auf der ersten Seite.',
  'Invalid cursor.': 'Ungültiger Cursor.',
  'Must be 1–255 visible ASCII characters.': 'Muss aus 1–255 sichtbaren ASCII-Zeichen bestehen.',
  'Invalid Idempotency-Key.': 'Ungültiger Idempotency-Key.',
  'This Idempotency-Key was already used for a different request.':
    'Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet.',
  'This integration changed since you loaded it. Reload it and try again.':
    'Diese Integration wurde seit dem Laden geändert. Laden Sie sie neu und versuchen Sie es noch einmal.',
  // Sign-in (server/routes/oauth.ts)
  'This redirect URI is not on the server’s allow-list (ALLOWED_REDIRECT_URIS).':
    'Diese Weiterleitungs-URI steht nicht auf der Positivliste des Servers (ALLOWED_REDIRECT_URIS).',
  'This state was already used; start a new sign-in.': 'Dieser State wurde bereits verwendet; starten Sie eine neue Anmeldung.',
  'This sign-in response does not belong to a sign-in started here. Start again.':
    'Diese Anmeldeantwort gehört zu keiner hier gestarteten Anmeldung. Bitte neu starten.',
  'This sign-in response was already used. Start again.': 'Diese Anmeldeantwort wurde bereits verwendet. Bitte neu starten.',
  'The sign-in took longer than ten minutes. Start again.': 'Die Anmeldung hat länger als zehn Minuten gedauert. Bitte neu starten.',
  'The integration of this sign-in no longer exists.': 'Die Integration dieser Anmeldung gibt es nicht mehr.',
  'Does not match the redirect URI this sign-in started with.':
    'Stimmt nicht mit der Weiterleitungs-URI überein, mit der diese Anmeldung begann.',
  'Redirect URI mismatch.': 'Weiterleitungs-URI stimmt nicht überein.',
  'PKCE verification failed: the code verifier does not match the code challenge (S256).':
    'PKCE-Prüfung fehlgeschlagen: Der Code-Verifier passt nicht zur Code-Challenge (S256).',
  // Request shapes (server/validation.ts) that are worded in English there
  'code must be at most 2048 characters.': 'code darf höchstens 2048 Zeichen lang sein.',
  'code must be visible ASCII characters (RFC 6749).': 'code muss aus sichtbaren ASCII-Zeichen bestehen (RFC 6749).',
  'role must be 1–32 visible ASCII characters.': 'role muss aus 1–32 sichtbaren ASCII-Zeichen bestehen.',
  'sub must be text.': 'sub muss Text sein.',
  'sub must be at most 200 characters.': 'sub darf höchstens 200 Zeichen lang sein.',
  // The application (server/app.ts)
  'The request body is larger than 64 KB.': 'Der Anfrageinhalt ist größer als 64 KB.',
  'Too large.': 'Zu groß.',
  'Bad request.': 'Ungültige Anfrage.',
  'The server had a problem. Try again in a moment.': 'Der Server hatte ein Problem. Versuchen Sie es gleich noch einmal.',
};

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /^Too many requests for this tenant; try again in (\d+) s\.$/,
    'Zu viele Anfragen für diesen Mandanten; versuchen Sie es in $1 s wieder.',
  ],
  [/^Unknown provider "(.*)"\.$/, 'Unbekannter Anbieter „$1“.'],
  [/^No such endpoint: (.*)$/, 'Keinen solchen Endpunkt: $1'],
  [/^(redirectUri|iss) must be at most 2048 characters\.$/, '$1 darf höchstens 2048 Zeichen lang sein.'],
  [
    /^(redirectUri|iss) must be visible ASCII characters \(a URL, percent-encoded\)\.$/,
    '$1 muss aus sichtbaren ASCII-Zeichen bestehen (eine URL, prozentkodiert).',
  ],
];

/** `message` in `language`, if the server knows it there; otherwise as it was. */
export function translateMessage(message: string, language: Language): string {
  if (language === 'en') return message;
  const exact = EXACT[message];
  if (exact !== undefined) return exact;
  for (const [pattern, german] of PATTERNS) if (pattern.test(message)) return message.replace(pattern, german);
  return message;
}
