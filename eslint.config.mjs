// Lint rules for the whole repository (npm run lint). The layering rules encode docs/ARCHITECTURE.md:
// the mini-program imports only types from the functions; the functions import from the mini-program only
// its shared/ folder, which runs on both sides and so must not touch `wx`.
import js from '@eslint/js';
import globals from 'globals';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'build/',
      'coverage/',
      'screens/',
      'miniprogram/miniprogram_npm/',
      'cloudfunctions/*/*.js',
      'cloudfunctions/*/node_modules/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['miniprogram/**/*.ts'],
    languageOptions: {
      globals: {
        wx: 'readonly',
        Page: 'readonly',
        Component: 'readonly',
        Behavior: 'readonly',
        App: 'readonly',
        getApp: 'readonly',
        getCurrentPages: 'readonly',
      },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cloudfunctions/**'],
              allowTypeImports: true,
              message: 'The mini-program may import only types from cloudfunctions/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['miniprogram/shared/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'wx', message: 'shared/ runs in the cloud functions too: no wx.*' }],
    },
  },
  {
    files: ['cloudfunctions/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: 'miniprogram/(?!shared/)', message: 'Functions may import only miniprogram/shared/.' }] },
      ],
    },
  },
  {
    // No import cycles in the functions, the pages or the tools (a type-only import does not count: it leaves
    // nothing at run time).
    files: ['cloudfunctions/**/*.ts', 'scripts/**/*.ts', 'miniprogram/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // core/rules/ is pure: decisions from (policy, state, request, now). No database, no platform, no I/O.
    files: ['cloudfunctions/core/rules/**/*.ts', 'cloudfunctions/core/policies/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'wx-server-sdk', message: 'core/rules and core/policies are pure: no database.' }],
          patterns: [
            {
              regex: '(^|/)(platform|documents|identity)(/|$)|^node:(fs|http|https|net|child_process)$',
              message: 'core/rules and core/policies are pure: no database, platform or I/O (docs/ARCHITECTURE.md).',
            },
            { regex: 'miniprogram/(?!shared/)', message: 'Functions may import only miniprogram/shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.cjs', 'scripts/**/*.mjs', 'scripts/**/*.cjs'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/browser/**/*.ts', 'test/browser/**/*.cjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
