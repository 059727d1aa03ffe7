// Shared fixtures: plain JavaScript so the Node test-server middleware, the browser tests and
// (later) Storybook's MSW handlers all build the same shapes.

/**
 * @param {Partial<import('../../src/core/types.js').Integration>} [overrides]
 * @returns {import('../../src/core/types.js').Integration}
 */
export function makeIntegration(overrides = {}) {
  return {
    id: 'int-1',
    tenantId: 'tenant-a',
    cloudProviderId: 'dev-cloud',
    name: 'Production storage',
    description: 'Nightly backups',
    status: 'active',
    tokenStatus: 'valid',
    tokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    lastHealthCheck: null,
    settings: { region: 'eu-west-1' },
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    ...overrides,
  };
}

/**
 * @param {number} count
 * @returns {import('../../src/core/types.js').Integration[]}
 */
export function makeIntegrations(count, prefix = 'int') {
  return Array.from({ length: count }, (_, i) =>
    makeIntegration({ id: `${prefix}-${i + 1}`, name: `Integration ${String(i + 1).padStart(5, '0')}` }),
  );
}

/**
 * The catalogue as the server answers it in `language` (its Accept-Language): English as it always
 * was; German with every text a person reads translated, as the reference server ships it.
 * @param {string} [language]
 * @returns {import('../../src/core/types.js').CloudProvider[]}
 */
export function makeProviders(language = 'en') {
  if (String(language).toLowerCase().startsWith('de')) return germanProviders();
  return [
    {
      id: 'dev-cloud',
      name: 'Dev Cloud',
      description: 'Object storage and compute',
      iconUrl: null,
      scopes: ['openid', 'offline_access', 'storage.read'],
      settingsSchema: [{ key: 'region', label: 'Region', type: 'select', required: true, options: ['eu-west-1', 'us-east-1'] }],
    },
    {
      id: 'dev-analytics',
      name: 'Dev Analytics',
      description: 'Event analytics',
      iconUrl: null,
      scopes: ['openid', 'offline_access', 'analytics.read'],
      settingsSchema: [{ key: 'projectId', label: 'Project ID', type: 'string', required: true, pattern: '^[a-z0-9-]+$' }],
    },
  ];
}

/** @returns {import('../../src/core/types.js').CloudProvider[]} */
function germanProviders() {
  const scopes = { openid: 'Bestätigen, wer Sie sind.', offline_access: 'Verbunden bleiben, während Sie nicht da sind.' };
  return [
    {
      id: 'dev-cloud',
      name: 'Dev Cloud',
      description: 'Objektspeicher und Rechenleistung',
      iconUrl: null,
      scopes: ['openid', 'offline_access', 'storage.read'],
      scopeDescriptions: { ...scopes, 'storage.read': 'Ihre Buckets und Objekte lesen.' },
      settingsSchema: [
        {
          key: 'region',
          label: 'Region',
          type: 'select',
          required: true,
          options: ['eu-west-1', 'us-east-1'],
          optionLabels: { 'eu-west-1': 'Europa (Irland)', 'us-east-1': 'USA Ost (Virginia)' },
          description: 'Wo Ihre Buckets liegen.',
        },
      ],
    },
    {
      id: 'dev-analytics',
      name: 'Dev Analytics',
      description: 'Ereignisanalyse',
      iconUrl: null,
      scopes: ['openid', 'offline_access', 'analytics.read'],
      scopeDescriptions: { ...scopes, 'analytics.read': 'Ereignisse und Berichte Ihrer Projekte lesen.' },
      settingsSchema: [
        {
          key: 'projectId',
          label: 'Projekt-ID',
          type: 'string',
          required: true,
          pattern: '^[a-z0-9-]+$',
          description: 'Kleinbuchstaben, Ziffern und Bindestriche.',
        },
      ],
    },
  ];
}
