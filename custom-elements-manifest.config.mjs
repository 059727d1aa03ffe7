/**
 * Custom Elements Manifest (dist/custom-elements.json): what Storybook's controls and docs tables,
 * IDE plugins and docs/elements.md read. `npm run analyze` writes it; `npm run build` runs it.
 *
 * Members marked `@internal` (or `@ignore`) are dropped by the analyzer itself. The plugin below
 * fixes what the analyzer cannot know about this code base:
 *   - our tags are registered through the guarded `define(tag, Class)` helper, not
 *     `customElements.define`, so it adds the `custom-element-definition` exports itself and
 *     names each define module after the package entry that ships it (`integration-list.js`);
 *   - events dispatched as `new IntegrationErrorEvent(failure)` are inferred with the first
 *     argument as their name ("failure"): they are renamed to the class's `eventName`;
 *   - private/protected members and helper functions of the element folders are not public API.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const here = import.meta.dirname;

export default {
  globs: [
    'src/elements/**/*.ts',
    // The base class: without it the inherited `client` property would be missing from every element.
    'src/internal/mwap-element.ts',
    // The event classes the elements' events are typed with.
    'src/events/*.ts',
  ],
  exclude: ['src/elements/**/*.styles.ts'],
  outdir: 'dist',
  litelement: true,
  // Do not rewrite package.json (it would add "customElements"; see the report for the lead).
  packagejson: false,
  plugins: [guardedDefineCalls(), namedEvents(), publicApiOnly()],
};

/** `define('integration-list', IntegrationListElement)` → a custom-element-definition export. */
function guardedDefineCalls() {
  return {
    name: 'mwap-guarded-define',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'define') return;
      const [tag, klass] = node.arguments;
      if (!tag || !klass || !ts.isStringLiteral(tag) || !ts.isIdentifier(klass)) return;
      moduleDoc.exports ??= [];
      moduleDoc.exports.push({
        kind: 'custom-element-definition',
        name: tag.text,
        declaration: { name: klass.text, module: moduleDoc.path },
      });
    },
    packageLinkPhase({ customElementsManifest }) {
      const declaredIn = new Map();
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) declaredIn.set(decl.name, mod.path);
      }
      // What package.json exports as `./<tag>.js`: those define modules ship under that name.
      const packageEntries = new Set(Object.keys(JSON.parse(readFileSync(resolve(here, 'package.json'), 'utf8')).exports ?? {}));
      const renamed = new Map();
      for (const mod of customElementsManifest.modules) {
        if (!mod.path.endsWith('/define.ts')) continue;
        mod.exports = (mod.exports ?? []).filter((exp) => {
          const name = exp.declaration?.name;
          const home = declaredIn.get(name);
          if (exp.kind === 'custom-element-definition') {
            // A tag whose class is @internal (a part of a bigger element) is not documented.
            if (!home) return false;
            exp.declaration.module = home;
            if (packageEntries.has(`./${exp.name}.js`)) renamed.set(mod.path, `${exp.name}.js`);
            return true;
          }
          // Re-exports of imported bindings point at the define module or a relative specifier.
          if (exp.declaration && (exp.declaration.module === mod.path || exp.declaration.module?.startsWith('.'))) {
            exp.declaration.module =
              home ?? join(dirname(mod.path), exp.declaration.module.startsWith('.') ? exp.declaration.module : '').replace(/\.js$/, '.ts');
          }
          return true;
        });
      }
      for (const mod of customElementsManifest.modules) {
        if (renamed.has(mod.path)) mod.path = renamed.get(mod.path);
      }
      for (const mod of customElementsManifest.modules) {
        for (const exp of mod.exports ?? []) {
          if (exp.declaration && renamed.has(exp.declaration.module)) exp.declaration.module = renamed.get(exp.declaration.module);
        }
      }
    },
  };
}

/**
 * Event class name → event name, read from `static readonly eventName = '…'` in src/ (within the
 * same class). Which element fires which is in src/events/table.ts; tests/build/events-table.test.mjs
 * holds the `@fires` docs to it.
 */
function eventNamesFromSource() {
  const names = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const match of text.matchAll(
          /class\s+(\w+)\s+extends\s+(?:Custom|Mwap)?Event\b(?:(?!\bclass\s)[\s\S])*?eventName\s*=\s*['"]([^'"]+)['"]/g,
        )) {
          names.set(match[1], match[2]);
        }
      }
    }
  };
  walk(resolve(here, 'src'));
  return names;
}

function namedEvents() {
  return {
    name: 'mwap-named-events',
    packageLinkPhase({ customElementsManifest }) {
      const names = eventNamesFromSource();
      const classOf = new Map([...names].map(([klass, name]) => [name, klass]));
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (!decl.events) continue;
          const byName = new Map();
          for (const event of decl.events) {
            const name = names.get(event.type?.text) ?? event.name;
            if (!name) continue;
            const merged = { ...byName.get(name), name };
            // The documented (@fires) entry carries the description; the inferred one the type.
            if (event.description) merged.description = event.description;
            merged.type = merged.type ?? event.type ?? (classOf.has(name) ? { text: classOf.get(name) } : undefined);
            if (!merged.type) delete merged.type;
            if (event.inheritedFrom && !byName.has(name)) merged.inheritedFrom = event.inheritedFrom;
            else delete merged.inheritedFrom;
            byName.set(name, merged);
          }
          // The base class's error boundary fires integration-error from every element; where an
          // element's JSDoc does not say so itself, say it here.
          const boundary = byName.get('integration-error');
          if (boundary && !boundary.description) {
            boundary.description = 'Something failed, at the latest while rendering (every element has an error boundary); `detail.error`.';
          }
          // Documented events first, in the order the JSDoc lists them.
          const documented = decl.events.filter((e) => e.description).map((e) => e.name);
          decl.events = [...byName.values()].sort(
            (a, b) => (documented.indexOf(a.name) + 1 || 999) - (documented.indexOf(b.name) + 1 || 999),
          );
        }
      }
    },
  };
}

function publicApiOnly() {
  return {
    name: 'mwap-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        const isDefine = mod.exports?.some((e) => e.kind === 'custom-element-definition');
        mod.declarations = (mod.declarations ?? []).filter(
          (decl) =>
            decl.customElement ||
            (decl.kind === 'class' && (/Event$/.test(decl.name) || decl.name === 'MwapElement')) ||
            // Functions a define module exports (showToast) are public; helpers elsewhere are not.
            (isDefine && mod.exports?.some((e) => e.name === decl.name)),
        );
        for (const decl of mod.declarations) {
          if (decl.members) {
            decl.members = decl.members.filter((m) => m.privacy !== 'private' && m.privacy !== 'protected' && !m.name?.startsWith('#'));
          }
        }
        if (!isDefine && mod.exports) {
          const kept = new Set(mod.declarations.map((d) => d.name));
          mod.exports = mod.exports.filter((e) => e.declaration?.module !== mod.path || kept.has(e.declaration.name));
        }
      }
      customElementsManifest.modules = customElementsManifest.modules.filter(
        (mod) => mod.declarations.length > 0 || mod.exports?.some((e) => e.kind === 'custom-element-definition'),
      );
    },
  };
}
