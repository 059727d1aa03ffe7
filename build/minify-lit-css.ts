import type { Plugin } from 'vite';

/**
 * Minifies the CSS inside Lit's css`` templates of our own sources at build time: comments go,
 * indentation and runs of spaces collapse, and the spaces around `{ } ; ,` and `>` go.
 * Deliberately conservative, so the CSS means exactly what it meant: no property rewriting;
 * spaces around `:` `+` `-` stay (`a :hover` and calc() need them); quoted strings and
 * interpolations (`${spinner}`) are left as they are. Every newline is kept, so line numbers,
 * and with them the sourcemaps Rollup builds (the transform returns no map of its own), stay true.
 */
export function minifyLitCss(): Plugin {
  return {
    name: 'mwap:minify-lit-css',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return undefined;
      return { code: code.replace(/\bcss`([^`]*)`/g, (_, body: string) => `css\`${minifyCss(body)}\``), map: null };
    },
  };
}

/** Interpolations and quoted strings, which are copied as they are. */
const UNTOUCHED = /(\$\{[^}]*\}|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/;

export function minifyCss(body: string): string {
  return body
    .split(UNTOUCHED)
    .map((part, i) => (i % 2 === 1 ? part : squeeze(part)))
    .join('');
}

const newlinesOf = (text: string) => text.replace(/[^\n]/g, '');

function squeeze(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, newlinesOf)
    .replace(/\s+/g, (run) => newlinesOf(run) || ' ')
    .replace(/[ \t]*([{};,>])[ \t]*/g, '$1')
    .replace(/;}/g, '}');
}
