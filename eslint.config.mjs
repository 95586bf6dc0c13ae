// ESLint 9 flat config for every workspace: `npm run lint` (no warnings allowed).
// Syntax-level rules only (no type-aware linting): fast, and `npm run check` already runs the type checkers.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import svelteConfig from './web/svelte.config.js';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    'web/build/',
    'web/.svelte-kit/',
    'data/',
    'coverage/',
    'test-results/',
    'bench/results/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  // The Svelte rules come without a file filter; they concern the web app only.
  svelte.configs.recommended.map((config) => (config.rules && !config.files ? { ...config, files: ['web/**'] } : config)),
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore marks a parameter or binding that is unused on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Empty catch blocks say "ignore this failure"; other empty blocks are still reported.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // The browser app (and the chat sync the tests reuse from it).
    files: ['web/**/*.{ts,js,svelte}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The app is served at / (no kit.paths.base), so links and goto() need no resolve().
      'svelte/no-navigation-without-resolve': 'off',
      // Flags every Date, Set or URLSearchParams, also the local, never-reactive ones this app uses for comparisons and query strings.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig },
    },
  },
  {
    // CommonJS: jest.config.js and the Artillery processor.
    files: ['**/*.cjs', 'jest.config.js', 'bench/artillery/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Specs, test helpers and benchmarks poke at loosely typed payloads (acks, raw socket events, JSON bodies).
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.jest } },
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Browser specs and scripts hand functions to page.evaluate(), which run in the page.
    files: ['test/web/**/*.{ts,js,mjs}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
);
