// `npm run lint` runs this after the type checks. Rules that the type checker already enforces are
// left to it; these catch what it does not: unused code, promise misuse, Lit and custom-element
// mistakes (bindings, lifecycle, tag registration).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  // mockServiceWorker.js is msw's own file, written by `msw init`.
  {
    ignores: [
      'dist/',
      'coverage/',
      'storybook-static/',
      '.data/',
      'src/generated/',
      'node_modules/',
      '.cem-tmp/',
      'stories/public/mockServiceWorker.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Tests and fixtures read loosely typed JSON on purpose; the client's own schemas check shapes.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'stories/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    // Parts with versioned tag names are rendered through lit/static-html, whose `<${tag}>` this
    // plugin reads as a plain template.
    files: ['src/elements/integration-details/integration-details.ts'],
    rules: { 'lit/binding-positions': 'off', 'lit/no-invalid-html': 'off' },
  },
  {
    // chai's property assertions (`expect(x).to.exist`) are expressions.
    files: ['tests/**', 'server/tests/**', 'stories/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    ...wc.configs['flat/recommended'],
    rules: {
      ...wc.configs['flat/recommended'].rules,
      // Elements are registered through src/internal/define.ts, which guards a second copy.
      'wc/no-self-class': 'off',
    },
  },
);
