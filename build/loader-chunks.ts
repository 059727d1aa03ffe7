import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import ts from 'typescript';
import { normalizePath, type Plugin, type Rollup } from 'vite';

/**
 * The script tag and its on-demand files as one chunk graph (`vite build --mode iife`).
 *
 * One ES build has every entry: the script tag (src/script-tag.ts), one per on-demand element,
 * the usage charts and each translation. Everything the script tag reaches by static imports
 * (Lit, the core, the first-view elements) goes into its chunk, so an on-demand file imports
 * only that chunk and chunks of its own kind, never a second Lit. Then, once the files are
 * final, the script tag's chunk becomes a classic script: wrapped in a function that leaves its
 * exports on a global of this release, and each other file reads them from there instead of
 * importing it (a classic script cannot be imported). Nothing is evaluated from text: the files
 * are ordinary ES modules, fetched by import() (src/script-files.ts).
 *
 * Every file but the script tag carries a hash of its content in its name, and the script tag
 * gets the list of names (src/loader-manifest.ts), so a page never mixes two builds' files.
 */
export interface LoaderChunksOptions {
  /** The script tag's entry module. */
  scriptTag: string;
  /** The tags whose code loads on demand, each from `src/elements/<tag>/define.ts`. */
  elements: readonly string[];
  /** Other files loaded on demand that keep their exports (charts, translations), by name. */
  files: Record<string, string>;
  /** The release, in the global's key: two releases on one page keep their own. */
  release: string;
  srcDir: string;
}

export const SCRIPT_TAG_FILE = 'mwap-integrations.iife.js';
const ELEMENT_ENTRY = '\0mwap-element:';
/** The name src/loader-manifest.ts reads the list of files under. */
const MANIFEST_PARAMETER = '__MWAP_SCRIPT_FILES__';

export function loaderChunks(options: LoaderChunksOptions): Plugin {
  const inScriptTag = new Set<string>();
  const sources = new Map<string, string>();
  /** The global the script tag leaves its exports on; its key names the release and the build. */
  let global = '';
  const input: Record<string, string> = {
    'script-tag': options.scriptTag,
    ...Object.fromEntries(options.elements.map((tag) => [tag, `${ELEMENT_ENTRY}${tag}`])),
    ...options.files,
  };
  return {
    name: 'mwap:loader-chunks',
    apply: 'build',
    config() {
      return {
        build: {
          rollupOptions: {
            input,
            preserveEntrySignatures: 'exports-only',
            output: {
              format: 'es',
              entryFileNames: (chunk) => (chunk.name === 'script-tag' ? SCRIPT_TAG_FILE : 'mwap-integrations.[name].[hash].js'),
              // Parts two on-demand files share (a part of both, or an element the other one renders).
              chunkFileNames: 'mwap-integrations.shared.[hash].js',
              codeSplitting: {
                groups: [{ name: 'script-tag', test: (id: string) => inScriptTag.has(id), priority: 10 }],
              },
            },
          },
        },
      };
    },
    transform(code, id) {
      sources.set(id, code);
      return null;
    },
    resolveId(source) {
      return source.startsWith(ELEMENT_ENTRY) ? source : undefined;
    },
    load(id) {
      if (!id.startsWith(ELEMENT_ENTRY)) return undefined;
      const tag = id.slice(ELEMENT_ENTRY.length);
      // Only the side effect: the file defines the tag (and what it renders) and exports nothing.
      return `import ${JSON.stringify(normalizePath(resolve(options.srcDir, 'elements', tag, 'define.ts')))};`;
    },
    buildEnd() {
      // Everything the script tag's entry reaches by static imports is in the script tag.
      const entry = [...this.getModuleIds()].find((id) => normalizePath(id) === normalizePath(options.scriptTag));
      if (!entry) throw new Error(`the script tag's entry ${options.scriptTag} is not in the build`);
      const visit = (id: string) => {
        if (inScriptTag.has(id)) return;
        inScriptTag.add(id);
        for (const imported of this.getModuleInfo(id)?.importedIds ?? []) visit(imported);
      };
      visit(entry);
      // A hash of the script tag's code, in every other file before their names are hashed: when
      // the script tag changes, every file's name does, so no cache pairs an old file with it.
      const build = createHash('sha256');
      for (const id of [...inScriptTag].sort()) build.update(`${id}\0${sources.get(id) ?? ''}\0`);
      const key = `@mwap/integrations@${options.release}:${build.digest('hex').slice(0, 12)}`;
      global = `globalThis[Symbol.for(${JSON.stringify(key)})]`;
    },
    renderChunk(code, chunk) {
      if (chunk.fileName !== SCRIPT_TAG_FILE) return { code: importFromGlobal(code, chunk.fileName, global), map: null };
      // Checked before minifying, while the bindings have their own names.
      const match = code.match(EXPORTS);
      const locals = new Set(exportList(match?.[1]).map(([, local]) => local));
      const reassigned = reassignedBindings(match ? code.slice(0, match.index) : code, locals).filter(
        (name) => !SET_WHILE_LOADING.has(name),
      );
      if (reassigned.length > 0) {
        throw new Error(
          `${SCRIPT_TAG_FILE} hands ${reassigned.join(', ')} to its other files, but reassigns them: a global cannot keep them live`,
        );
      }
      return null;
    },
    generateBundle(_, bundle) {
      const chunks = Object.values(bundle).filter((file): file is Rollup.OutputChunk => file.type === 'chunk');
      const core = chunks.find((chunk) => chunk.fileName === SCRIPT_TAG_FILE);
      if (!core) throw new Error(`${SCRIPT_TAG_FILE} was not emitted`);
      const manifest = {
        files: Object.fromEntries(
          chunks.filter((chunk) => chunk.isEntry && chunk !== core).map((chunk) => [chunk.name, chunk.fileName] as const),
        ),
        elements: options.elements,
      };
      core.code = toClassicScript(core, global, manifest);
      shiftSourceMap(bundle[`${SCRIPT_TAG_FILE}.map`], core, 1);
    },
  };
}

/** The chunk's one closing `export { local as exported, … }`. */
const EXPORTS = /export\s*\{([^}]*)\};?\s*(\/\/# sourceMappingURL=\S+\s*)?$/;

/** A property key: bare when it can be. */
const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

/** `[exported, local]` of an export list's text. */
const exportList = (list = ''): Array<[string, string]> =>
  list
    .split(',')
    .map((specifier) => specifier.trim())
    .filter(Boolean)
    .map((specifier) => {
      const [local, name = local] = specifier.split(/\s+as\s+/) as [string, string?];
      return [name, local];
    });

/**
 * Exports that are reassigned, but only while the script tag runs, before its global is set and
 * any other file can read them: @lit/localize's `msg`, installed once by configureLocalization()
 * (src/localization.ts).
 */
const SET_WHILE_LOADING = new Set(['msg']);

/**
 * The script tag's chunk as a classic script. Its first line is the wrapper's head, so the
 * sourcemap moves one line down; its closing export statement becomes the global. A second copy
 * of the same release on the page (the tag twice) does nothing: one Lit, one definition of each tag.
 */
function toClassicScript(core: Rollup.OutputChunk, global: string, manifest: object): string {
  if (core.imports.length > 0) throw new Error(`${SCRIPT_TAG_FILE} imports ${core.imports.join(', ')}: it must hold all it needs`);
  if (/\bimport\.meta\b/.test(core.code)) throw new Error(`${SCRIPT_TAG_FILE} uses import.meta, which a classic script has not`);
  const match = core.code.match(EXPORTS);
  const body = match ? core.code.slice(0, match.index) : core.code;
  const object = exportList(match?.[1])
    .map(([name, local]) => (name === local ? name : `${key(name)}:${local}`))
    .join(',');
  return [
    `(function(${MANIFEST_PARAMETER}){"use strict";if(${global}){console.warn("[mwap-integrations] this script tag is on the page twice; the second copy does nothing.");return}`,
    body.trimEnd(),
    `${global}={${object}}})(${JSON.stringify(manifest)});`,
    match?.[2]?.trim() ?? '',
  ].join('\n');
}

/**
 * Each `import {…} from "./mwap-integrations.iife.js"` of a file becomes a read of the global,
 * before the file's name is hashed (so the key in it counts) and before minifying. The same
 * line count, so the file's sourcemap stays true.
 */
function importFromGlobal(code: string, fileName: string, global: string): string {
  const from = `["']\\./${SCRIPT_TAG_FILE.replace(/\./g, '\\.')}["']`;
  const named = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*${from};?`, 'g');
  const bare = new RegExp(`import\\s*${from};?`, 'g');
  const read = `(${global}??(()=>{throw Error("${fileName} is loaded by ${SCRIPT_TAG_FILE} of its build, and found none: serve the files of one build together.")})())`;
  const rewritten = code
    .replace(named, (_, list: string) => {
      const pairs = list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((specifier) => {
          const [name, local = name] = specifier.split(/\s+as\s+/) as [string, string?];
          return name === local ? name : `${key(name)}:${local}`;
        });
      return `const{${pairs.join(',')}}=${read};`;
    })
    .replace(bare, `${read};`);
  if (new RegExp(from).test(rewritten))
    throw new Error(`${fileName} imports ${SCRIPT_TAG_FILE} in a way the build cannot turn into a read of its global`);
  return rewritten;
}

/**
 * The bindings of `names` that the code assigns after their declaration. A classic script hands
 * its exports over as values, so one that changes later would go stale in the other files.
 * Resolved by TypeScript's binder, so inner variables of the same (minified) name do not count.
 */
export function reassignedBindings(code: string, names: ReadonlySet<string>): string[] {
  const fileName = 'script-tag.mjs';
  const file = ts.createSourceFile(fileName, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const host = ts.createCompilerHost({});
  host.getSourceFile = (name) => (name === fileName ? file : undefined);
  const program = ts.createProgram([fileName], { allowJs: true, noLib: true, noResolve: true, types: [] }, host);
  const checker = program.getTypeChecker();
  const topLevel = new Map<ts.Symbol, string>();
  for (const symbol of checker.getSymbolsInScope(file, ts.SymbolFlags.Variable | ts.SymbolFlags.Function | ts.SymbolFlags.Class)) {
    if (names.has(symbol.name) && symbol.declarations?.some((d) => d.getSourceFile() === file)) topLevel.set(symbol, symbol.name);
  }
  const found = new Set<string>();
  const target = (node: ts.Node) => {
    if (ts.isIdentifier(node)) {
      const symbol = checker.getSymbolAtLocation(node);
      const name = symbol && topLevel.get(symbol);
      if (name) found.add(name);
    } else if (ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node)) {
      node.forEachChild((child) => target(ts.isPropertyAssignment(child) ? child.initializer : child));
    } else if (ts.isShorthandPropertyAssignment(node)) {
      // `({ x } = …)`: the name is a property too; the variable is its value.
      const symbol = checker.getShorthandAssignmentValueSymbol(node);
      const name = symbol && topLevel.get(symbol);
      if (name) found.add(name);
    } else if (ts.isSpreadElement(node) || ts.isSpreadAssignment(node)) {
      target(node.expression);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      target(node.left); // a default in a destructuring pattern
    } else if (ts.isParenthesizedExpression(node)) {
      target(node.expression);
    }
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    ) {
      target(node.left);
    } else if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken].includes(node.operator)
    ) {
      target(node.operand);
    } else if ((ts.isForInStatement(node) || ts.isForOfStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
      target(node.initializer);
    }
    node.forEachChild(visit);
  };
  visit(file);
  return [...found].sort();
}

/** Moves every mapping of the chunk's sourcemap down by `lines` (a line added above the code). */
function shiftSourceMap(asset: Rollup.OutputAsset | Rollup.OutputChunk | undefined, chunk: Rollup.OutputChunk, lines: number): void {
  const prefix = ';'.repeat(lines);
  if (chunk.map) chunk.map.mappings = prefix + chunk.map.mappings;
  if (asset?.type !== 'asset') return;
  const map = JSON.parse(String(asset.source)) as { mappings: string };
  map.mappings = prefix + map.mappings;
  asset.source = JSON.stringify(map);
}
