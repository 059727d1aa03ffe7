import type { Plugin } from 'vite';

/**
 * Minifies the CSS inside Lit's css`` templates of our own sources at build time: comments go,
 * whitespace collapses, and the spaces around `{ } ; ,` and `>` go. Deliberately conservative
 * (no property rewriting; spaces around `:` `+` `-` stay, because `a :hover` and calc() need
 * them), so the CSS means exactly what it meant. Interpolations (`${spinner}`) are untouched.
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

export function minifyCss(body: string): string {
  return body
    .split(/(\$\{[^}]*\})/)
    .map((part) => (part.startsWith('${') ? part : squeeze(part)))
    .join('');
}

function squeeze(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/;}/g, '}');
}
