/**
 * A cached list is one page (`Page`) or, for infinite loading, cursor pages of them. These read and
 * edit either shape, returning the input itself where nothing changed so identity stays meaningful.
 */
import type { Pages, QueryKey } from './cache.js';
import type { Integration, Page } from './types.js';

export type IntegrationPages = Pages<Page<Integration>, string | null>;

/** Applies `edit` to each page of a cached list. */
export function editPages(data: unknown, edit: (page: Page<Integration>) => Page<Integration>): unknown {
  if (!data || typeof data !== 'object') return data;
  if ('pages' in data) {
    const infinite = data as IntegrationPages;
    const pages = infinite.pages.map(edit);
    return pages.every((page, i) => page === infinite.pages[i]) ? data : { ...infinite, pages };
  }
  return 'items' in data ? edit(data as Page<Integration>) : data;
}

export function pagesOf(data: unknown): Array<Page<Integration>> {
  if (!data || typeof data !== 'object') return [];
  if ('pages' in data) return (data as IntegrationPages).pages;
  return 'items' in data ? [data as Page<Integration>] : [];
}

/**
 * Applies `change` to the items of a cached list that `change` names: it returns the new item,
 * `null` to take the item out (the page's total drops with it), or `undefined` to leave it.
 */
export function editItems(data: unknown, change: (item: Integration) => Integration | null | undefined): unknown {
  return editPages(data, (page) => {
    let removed = 0;
    let changed = false;
    const items: Integration[] = [];
    for (const item of page.items) {
      const next = change(item);
      if (next === undefined || next === item) items.push(item);
      else if (next === null) removed++;
      else items.push(next);
      changed ||= next !== undefined && next !== item;
    }
    return changed ? { ...page, items, total: Math.max(0, page.total - removed) } : page;
  });
}

/**
 * The integrations a cache entry holds, by its key (as `queryKeys` in client.ts makes them): a
 * detail entry's one, a list's items; `undefined` for entries that hold no integrations.
 */
export function integrationsIn(key: QueryKey, data: unknown): Integration[] | undefined {
  if (key[0] !== 'integrations') return undefined;
  if (key[1] === 'detail') return data && typeof data === 'object' && 'id' in data ? [data as Integration] : [];
  if (key[1] !== 'list') return undefined;
  const pages = pagesOf(data);
  return pages.length === 1 ? pages[0]!.items : pages.flatMap((page) => page.items);
}
