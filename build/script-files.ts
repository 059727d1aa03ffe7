import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { normalizePath, type Plugin } from 'vite';

/**
 * The script tag is one classic script, so what the ESM build splits into chunks (translations,
 * usage charts) is, for the script tag, ES modules beside it (src/script-files.ts).
 *
 * `scriptTagSwaps()`, for the IIFE build: a module of ours with a `.script.ts` sibling is replaced
 * by that sibling (`locale-loader.ts` → `locale-loader.script.ts`), which fetches the file beside
 * the script instead of a chunk.
 */
export function scriptTagSwaps(): Plugin {
  return {
    name: 'mwap:script-tag-swaps',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !source.endsWith('.js') || !/\/src\//.test(normalizePath(importer))) return undefined;
      const swap = resolve(dirname(importer), source.replace(/\.js$/, '.script.ts'));
      return existsSync(swap) ? swap : undefined;
    },
  };
}

/**
 * `chartsFromBundle()`, for the files beside the script: the charts module's one import,
 * usage-charts-deps.ts, becomes a module that reads what it exports from the bundle that loaded
 * the file (usage-charts-import.script.ts puts it on a global under a key of the release).
 * The file then carries no second Lit (whose templates and locale would not be the page's) and no
 * copy of our formatting.
 */
export function chartsFromBundle(srcDir: string): Plugin {
  const charts = resolve(srcDir, 'elements/integration-details');
  const virtual = '\0mwap:usage-charts-deps';
  return {
    name: 'mwap:usage-charts-from-bundle',
    enforce: 'pre',
    resolveId(source, importer) {
      const fromCharts = importer && normalizePath(importer) === normalizePath(resolve(charts, 'usage-charts.ts'));
      return fromCharts && source === './usage-charts-deps.js' ? virtual : undefined;
    },
    load(id) {
      if (id !== virtual) return undefined;
      const deps = readFileSync(resolve(charts, 'usage-charts-deps.ts'), 'utf8');
      const names = [...deps.matchAll(/^export \{([^}]*)\}/gm)].flatMap((match) => match[1]!.split(',').map((name) => name.trim()));
      return [
        `import { RELEASE, USAGE_CHARTS_DEPS } from ${JSON.stringify(normalizePath(resolve(charts, 'usage-charts-key.ts')))};`,
        'const deps = globalThis[USAGE_CHARTS_DEPS];',
        'if (!deps) {',
        '  throw new Error(`mwap-integrations.charts.js of release ${RELEASE} is loaded by mwap-integrations.iife.js of the same release, and found none: serve the files of one release together.`);',
        '}',
        `export const { ${names.filter(Boolean).join(', ')} } = deps;`,
      ].join('\n');
    },
  };
}
