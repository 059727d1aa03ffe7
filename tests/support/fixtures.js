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

/** @returns {import('../../src/core/types.js').CloudProvider[]} */
export function makeProviders() {
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
