/**
 * The provider catalogue: what `GET /api/cloud-providers` shows, plus how the server reaches each
 * provider's OAuth endpoints. Both demo providers are clients of the dev OAuth provider; they differ
 * in scopes and settings, as real clouds do.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { compilePattern, validateSettingValue } from '../src/core/rules.js';
import type { CloudProvider, ProviderSettingField } from '../src/core/types.js';

export interface ProviderOAuth {
  /** The authorization server's issuer (discovery at /.well-known/openid-configuration). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Extra authorization request parameters, e.g. prompt=consent for a refresh token. */
  authorizationParams?: Record<string, string>;
}

export interface CatalogueEntry {
  provider: CloudProvider;
  oauth: ProviderOAuth;
}

/** The catalogue entries' public halves; OAuth details are added when the dev provider runs. */
export const DEV_PROVIDERS: ReadonlyArray<CloudProvider> = [
  {
    id: 'dev-cloud',
    name: 'Dev Cloud',
    description: 'Object storage and compute (served by the local dev OAuth provider).',
    iconUrl: svgIcon('#2563eb', 'C'),
    scopes: ['openid', 'profile', 'offline_access', 'storage.read', 'storage.write'],
    settingsSchema: [
      {
        key: 'region',
        label: 'Region',
        type: 'select',
        required: true,
        options: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
        description: 'Where your buckets live.',
      },
      {
        key: 'bucketPrefix',
        label: 'Bucket prefix',
        type: 'string',
        pattern: '^[a-z0-9][a-z0-9-]{2,62}$',
        description: 'Lower-case letters, digits and dashes, 3–63 characters.',
      },
      { key: 'syncIntervalMinutes', label: 'Sync interval (minutes)', type: 'number', min: 5, max: 1440, default: 60 },
    ],
  },
  {
    id: 'dev-analytics',
    name: 'Dev Analytics',
    description: 'Event analytics with read-only access (served by the local dev OAuth provider).',
    iconUrl: svgIcon('#059669', 'A'),
    scopes: ['openid', 'email', 'offline_access', 'analytics.read'],
    settingsSchema: [
      {
        key: 'projectId',
        label: 'Project ID',
        type: 'string',
        required: true,
        pattern: '^[a-z][a-z0-9-]{3,29}$',
        description: 'Starts with a letter; 4–30 lower-case letters, digits or dashes.',
      },
      {
        key: 'environment',
        label: 'Environment',
        type: 'select',
        options: ['production', 'staging', 'development'],
        default: 'production',
      },
      { key: 'sampleRatePercent', label: 'Sample rate (%)', type: 'number', min: 1, max: 100, default: 100 },
      { key: 'includePII', label: 'Include personal data', type: 'boolean', default: false },
    ],
  },
];

/** A small inline icon, so the catalogue needs no network and no static route. */
function svgIcon(color: string, letter: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="${color}"/><text x="16" y="22" font-family="sans-serif" font-size="18" font-weight="700" fill="#fff" text-anchor="middle">${letter}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export class Catalogue {
  readonly #entries = new Map<string, CatalogueEntry>();

  constructor(entries: CatalogueEntry[]) {
    for (const entry of entries) this.#entries.set(entry.provider.id, entry);
  }

  list(): CloudProvider[] {
    return [...this.#entries.values()].map((entry) => entry.provider);
  }

  get(id: string): CatalogueEntry | undefined {
    return this.#entries.get(id);
  }

  settingsSchema(id: string): ProviderSettingField[] {
    return this.#entries.get(id)?.provider.settingsSchema ?? [];
  }
}

// ── A host's own catalogue (PROVIDERS_FILE) ─────────────────────────────────────────────────────

const settingField = v.pipe(
  v.object({
    key: v.string(),
    label: v.string(),
    type: v.picklist(['string', 'number', 'boolean', 'select']),
    required: v.optional(v.boolean()),
    description: v.optional(v.string()),
    options: v.optional(v.array(v.string())),
    // The rules let every value through a pattern that does not compile (so a client's form stays
    // usable); here, where the catalogue is written, it is a mistake to report at start-up.
    pattern: v.optional(
      v.pipe(
        v.string(),
        v.check((p) => compilePattern(p) !== undefined, 'is not a regular expression (read whole, with the u flag)'),
      ),
    ),
    min: v.optional(v.number()),
    max: v.optional(v.number()),
    default: v.optional(v.union([v.string(), v.number(), v.boolean(), v.null()])),
  }),
  // The server stores a default without checking it again.
  v.check(
    (field) => field.default === undefined || field.default === null || !validateSettingValue(field, field.default),
    'default breaks the setting’s own rules',
  ),
);

const fileEntry = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/)),
  name: v.string(),
  description: v.optional(v.string(), ''),
  iconUrl: v.optional(v.nullable(v.string()), null),
  scopes: v.array(v.string()),
  settingsSchema: v.optional(v.array(settingField), []),
  issuer: v.pipe(v.string(), v.url()),
  clientId: v.string(),
  /** The secret itself, or (better) the name of the environment variable holding it. */
  clientSecret: v.optional(v.string()),
  clientSecretEnv: v.optional(v.string()),
  authorizationParams: v.optional(v.record(v.string(), v.string())),
});

/** Reads PROVIDERS_FILE: a JSON array of providers with their OAuth client registration. */
export function loadCatalogueFile(path: string, env: Record<string, string | undefined> = process.env): CatalogueEntry[] {
  const parsed = v.safeParse(v.array(fileEntry), JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new Error(`PROVIDERS_FILE ${path}: ${v.getDotPath(issue) ?? ''} ${issue.message}`.trim());
  }
  return parsed.output.map(({ issuer, clientId, clientSecret, clientSecretEnv, authorizationParams, ...provider }) => {
    const secret = clientSecretEnv ? env[clientSecretEnv] : clientSecret;
    if (!secret) throw new Error(`PROVIDERS_FILE ${path}: provider "${provider.id}" needs clientSecret or a set clientSecretEnv.`);
    return {
      provider: provider as CloudProvider,
      oauth: { issuer, clientId, clientSecret: secret, authorizationParams: authorizationParams ?? {} },
    };
  });
}
