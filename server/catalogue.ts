/**
 * The provider catalogue: what `GET /api/cloud-providers` shows, plus how the server reaches each
 * provider's OAuth endpoints. Both demo providers are clients of the dev OAuth provider; they differ
 * in scopes and settings, as real clouds do. What a user reads (descriptions, labels, option labels,
 * scope descriptions) is answered in the request's language; names, ids and values stay as written.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { compilePattern, validateSettingValue } from '../src/core/rules.js';
import type { CloudProvider, ProviderSettingField } from '../src/core/types.js';
import { LANGUAGES, requestLanguage, type Language } from './i18n/language.js';

export interface ProviderOAuth {
  /** The authorization server's issuer (discovery at /.well-known/openid-configuration). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Extra authorization request parameters, e.g. prompt=consent for a refresh token. */
  authorizationParams?: Record<string, string>;
}

export interface CatalogueEntry {
  /** In English, the source language. */
  provider: CloudProvider;
  oauth: ProviderOAuth;
  /** The provider's texts in other languages; whatever is missing stays English. */
  translations?: ProviderTranslations;
}

/** One language's wording of a provider: only the texts, keyed like the English ones. */
export interface ProviderTexts {
  description?: string;
  scopeDescriptions?: Record<string, string>;
  settings?: Record<string, { label?: string; description?: string; optionLabels?: Record<string, string> }>;
}
export type ProviderTranslations = Partial<Record<Language, ProviderTexts>>;

/** `provider` with the texts of `texts` laid over its English ones. */
export function localizeProvider(provider: CloudProvider, texts: ProviderTexts | undefined): CloudProvider {
  if (!texts) return provider;
  return {
    ...provider,
    description: texts.description ?? provider.description,
    scopeDescriptions: { ...provider.scopeDescriptions, ...texts.scopeDescriptions },
    settingsSchema: provider.settingsSchema.map((field) => {
      const own = texts.settings?.[field.key];
      if (!own) return field;
      return {
        ...field,
        label: own.label ?? field.label,
        ...((own.description ?? field.description) ? { description: own.description ?? field.description } : {}),
        ...(field.optionLabels || own.optionLabels ? { optionLabels: { ...field.optionLabels, ...own.optionLabels } } : {}),
      };
    }),
  };
}

/** The catalogue entries' public halves; OAuth details are added when the dev provider runs. */
export const DEV_PROVIDERS: ReadonlyArray<CloudProvider> = [
  {
    id: 'dev-cloud',
    name: 'Dev Cloud',
    description: 'Object storage and compute (served by the local dev OAuth provider).',
    iconUrl: svgIcon('#2563eb', 'C'),
    scopes: ['openid', 'profile', 'offline_access', 'storage.read', 'storage.write'],
    scopeDescriptions: {
      openid: 'Confirm who you are.',
      profile: 'Read your name and profile.',
      offline_access: 'Stay connected when you are away (refresh token).',
      'storage.read': 'Read your buckets and objects.',
      'storage.write': 'Create, change and delete objects in your buckets.',
    },
    settingsSchema: [
      {
        key: 'region',
        label: 'Region',
        type: 'select',
        required: true,
        options: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
        optionLabels: { 'eu-west-1': 'Europe (Ireland)', 'us-east-1': 'US East (Virginia)', 'ap-southeast-2': 'Asia Pacific (Sydney)' },
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
    scopeDescriptions: {
      openid: 'Confirm who you are.',
      email: 'Read your email address.',
      offline_access: 'Stay connected when you are away (refresh token).',
      'analytics.read': 'Read your projects’ events and reports.',
    },
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
        optionLabels: { production: 'Production', staging: 'Staging', development: 'Development' },
        default: 'production',
      },
      { key: 'sampleRatePercent', label: 'Sample rate (%)', type: 'number', min: 1, max: 100, default: 100 },
      { key: 'includePII', label: 'Include personal data', type: 'boolean', default: false },
    ],
  },
];

const GERMAN_SCOPES = {
  openid: 'Bestätigen, wer Sie sind.',
  profile: 'Ihren Namen und Ihr Profil lesen.',
  email: 'Ihre E-Mail-Adresse lesen.',
  offline_access: 'Verbunden bleiben, während Sie nicht da sind (Refresh-Token).',
};

/** German for the built-in providers, found by the very objects of DEV_PROVIDERS. */
const DEV_TRANSLATIONS = new WeakMap<CloudProvider, ProviderTranslations>([
  [
    DEV_PROVIDERS[0]!,
    {
      de: {
        description: 'Objektspeicher und Rechenleistung (vom lokalen Dev-OAuth-Anbieter bereitgestellt).',
        scopeDescriptions: {
          ...GERMAN_SCOPES,
          'storage.read': 'Ihre Buckets und Objekte lesen.',
          'storage.write': 'Objekte in Ihren Buckets anlegen, ändern und löschen.',
        },
        settings: {
          region: {
            label: 'Region',
            description: 'Wo Ihre Buckets liegen.',
            optionLabels: { 'eu-west-1': 'Europa (Irland)', 'us-east-1': 'USA Ost (Virginia)', 'ap-southeast-2': 'Asien-Pazifik (Sydney)' },
          },
          bucketPrefix: { label: 'Bucket-Präfix', description: 'Kleinbuchstaben, Ziffern und Bindestriche, 3–63 Zeichen.' },
          syncIntervalMinutes: { label: 'Synchronisierungsintervall (Minuten)' },
        },
      },
    },
  ],
  [
    DEV_PROVIDERS[1]!,
    {
      de: {
        description: 'Ereignisanalyse mit reinem Lesezugriff (vom lokalen Dev-OAuth-Anbieter bereitgestellt).',
        scopeDescriptions: { ...GERMAN_SCOPES, 'analytics.read': 'Ereignisse und Berichte Ihrer Projekte lesen.' },
        settings: {
          projectId: { label: 'Projekt-ID', description: 'Beginnt mit einem Buchstaben; 4–30 Kleinbuchstaben, Ziffern oder Bindestriche.' },
          environment: { label: 'Umgebung', optionLabels: { production: 'Produktion', staging: 'Staging', development: 'Entwicklung' } },
          sampleRatePercent: { label: 'Stichprobenrate (%)' },
          includePII: { label: 'Personenbezogene Daten einbeziehen' },
        },
      },
    },
  ],
]);

/** A small inline icon, so the catalogue needs no network and no static route. */
function svgIcon(color: string, letter: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="${color}"/><text x="16" y="22" font-family="sans-serif" font-size="18" font-weight="700" fill="#fff" text-anchor="middle">${letter}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** Reads in the request's language (`language` overrides): list, get and settingsSchema alike. */
export class Catalogue {
  readonly #entries = new Map<string, CatalogueEntry>();
  /** Each language's providers, built once: the catalogue does not change while the server runs. */
  readonly #localized = new Map<Language, Map<string, CloudProvider>>();

  constructor(entries: CatalogueEntry[]) {
    for (const entry of entries) this.#entries.set(entry.provider.id, entry);
    for (const language of LANGUAGES) {
      const providers = new Map<string, CloudProvider>();
      for (const [id, entry] of this.#entries) {
        const translations = entry.translations ?? DEV_TRANSLATIONS.get(entry.provider);
        providers.set(id, localizeProvider(entry.provider, translations?.[language]));
      }
      this.#localized.set(language, providers);
    }
  }

  list(language: Language = requestLanguage()): CloudProvider[] {
    return [...this.#localized.get(language)!.values()];
  }

  get(id: string, language: Language = requestLanguage()): CatalogueEntry | undefined {
    const entry = this.#entries.get(id);
    return entry && { ...entry, provider: this.#localized.get(language)!.get(id)! };
  }

  settingsSchema(id: string, language: Language = requestLanguage()): ProviderSettingField[] {
    return this.get(id, language)?.provider.settingsSchema ?? [];
  }
}

// ── A host's own catalogue (PROVIDERS_FILE) ─────────────────────────────────────────────────────

/** A text the user reads: one string (any language), or one per language with English required. */
const text = v.union([v.string(), v.objectWithRest({ en: v.string() }, v.string())], 'must be a string or { "en": …, "de": … }');
type Text = v.InferOutput<typeof text>;
const textMap = v.record(v.string(), text);

const settingField = v.pipe(
  v.object({
    key: v.string(),
    label: text,
    type: v.picklist(['string', 'number', 'boolean', 'select']),
    required: v.optional(v.boolean()),
    description: v.optional(text),
    options: v.optional(v.array(v.string())),
    optionLabels: v.optional(textMap),
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
    secret: v.optional(v.boolean()),
  }),
  // The server stores a default without checking it again.
  v.check(
    (field) =>
      field.default === undefined ||
      field.default === null ||
      !validateSettingValue({ ...field, label: '', description: undefined, optionLabels: undefined }, field.default),
    'default breaks the setting’s own rules',
  ),
);

const fileEntry = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/)),
  name: v.string(),
  description: v.optional(text, ''),
  iconUrl: v.optional(v.nullable(v.string()), null),
  scopes: v.array(v.string()),
  scopeDescriptions: v.optional(textMap),
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
  return parsed.output.map(({ issuer, clientId, clientSecret, clientSecretEnv, authorizationParams, scopeDescriptions, ...provider }) => {
    const secret = clientSecretEnv ? env[clientSecretEnv] : clientSecret;
    if (!secret) throw new Error(`PROVIDERS_FILE ${path}: provider "${provider.id}" needs clientSecret or a set clientSecretEnv.`);
    return {
      provider: {
        ...provider,
        description: english(provider.description),
        ...(scopeDescriptions ? { scopeDescriptions: englishMap(scopeDescriptions) } : {}),
        settingsSchema: provider.settingsSchema.map(englishField),
      },
      oauth: { issuer, clientId, clientSecret: secret, authorizationParams: authorizationParams ?? {} },
      translations: translationsOf({ ...provider, scopeDescriptions }),
    };
  });
}

type FileProvider = v.InferOutput<typeof fileEntry>;
type FileField = v.InferOutput<typeof settingField>;

const english = (value: Text): string => (typeof value === 'string' ? value : value.en);
const inLanguage = (value: Text | undefined, language: Language): string | undefined =>
  value === undefined || typeof value === 'string' ? undefined : value[language];
const englishMap = (map: Record<string, Text>) => Object.fromEntries(Object.entries(map).map(([key, value]) => [key, english(value)]));

function englishField(field: FileField): ProviderSettingField {
  const { label, description, optionLabels, ...rest } = field;
  return {
    ...rest,
    label: english(label),
    ...(description === undefined ? {} : { description: english(description) }),
    ...(optionLabels ? { optionLabels: englishMap(optionLabels) } : {}),
  } as ProviderSettingField;
}

/** The non-English texts of a file's provider, per language; a plain string is only English. */
function translationsOf(provider: Pick<FileProvider, 'description' | 'scopeDescriptions' | 'settingsSchema'>): ProviderTranslations {
  const pick = (map: Record<string, Text> | undefined, language: Language) => {
    const entries = Object.entries(map ?? {}).flatMap(([key, value]) => {
      const said = inLanguage(value, language);
      return said === undefined ? [] : [[key, said] as const];
    });
    return entries.length ? Object.fromEntries(entries) : undefined;
  };
  const translations: ProviderTranslations = {};
  for (const language of LANGUAGES) {
    if (language === 'en') continue;
    const settings = Object.fromEntries(
      provider.settingsSchema.map((field) => [
        field.key,
        {
          label: inLanguage(field.label, language),
          description: inLanguage(field.description, language),
          optionLabels: pick(field.optionLabels, language),
        },
      ]),
    );
    translations[language] = {
      description: inLanguage(provider.description, language),
      scopeDescriptions: pick(provider.scopeDescriptions, language),
      settings,
    };
  }
  return translations;
}
