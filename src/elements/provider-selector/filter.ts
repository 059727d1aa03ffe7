import type { CloudProvider } from '../../core/types.js';

/** Lower case without diacritics, so "ázure" finds "Azure". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** Providers whose name or description contains every word of `search`, in their original order. */
export function filterProviders(providers: readonly CloudProvider[], search: string): CloudProvider[] {
  const words = fold(search).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...providers];
  return providers.filter((provider) => {
    const haystack = fold(`${provider.name} ${provider.description}`);
    return words.every((word) => haystack.includes(word));
  });
}
