/** What a settings change changed, field by field, with secret fields' values never written down. */
import type { IntegrationSettings, ProviderSettingField, SettingChange, SettingValue } from '../../src/core/types.js';

export const SECRET_PLACEHOLDER = '[secret]';

// A field the schema forgot to mark but whose name says what it holds is kept out of the history too.
const SECRET_NAME = /secret|password|passphrase|token|api[-_]?key|private[-_]?key|credential/i;

export function isSecretField(key: string, schema: readonly ProviderSettingField[]): boolean {
  return schema.find((field) => field.key === key)?.secret === true || SECRET_NAME.test(key);
}

export function settingsChanges(
  before: IntegrationSettings,
  after: IntegrationSettings,
  schema: readonly ProviderSettingField[],
): SettingChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: SettingChange[] = [];
  for (const field of keys) {
    const from: SettingValue = before[field] ?? null;
    const to: SettingValue = after[field] ?? null;
    if (from === to) continue;
    changes.push(isSecretField(field, schema) ? { field, from: SECRET_PLACEHOLDER, to: SECRET_PLACEHOLDER } : { field, from, to });
  }
  return changes;
}
