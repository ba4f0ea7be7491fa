// ESLint flat config. Type-aware rules (no floating promises) everywhere; import boundaries enforce the
// shape of the app: only main/electron may import electron; the renderer and the contract never import Node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
// Exact package names (a path segment called "electron", like main/electron, is not the package).
const electronPackages = ['electron', 'electron-updater', 'electron-log'];
const electronPaths = (message) => electronPackages.map((name) => ({ name, message }));
const electronModules = ['@electron/*'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'test-results/',
      'playwright-report/',
      'resources/regions/',
      'bench/results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['main/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['main/electron/**', 'tests/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronPaths('Only main/electron may import Electron (the core runs without it).'),
          patterns: [
            {
              group: electronModules,
              message: 'Only main/electron may import Electron (the core runs without it).',
            },
          ],
        },
      ],
    },
  },
  {
    // The core, host and CLI never reach into the shell either.
    files: ['main/core/**/*.ts', 'main/host/**/*.ts', 'main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronPaths('Only main/electron may import Electron (the core runs without it).'),
          patterns: [
            {
              group: [...electronModules, '**/electron/*'],
              message: 'The core, host and CLI never import Electron or the shell.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'The contract is shared with the renderer: no Node imports.',
            })),
            ...electronPaths('The contract never imports Electron.'),
          ],
          patterns: [
            { group: electronModules, message: 'The contract never imports Electron.' },
            { group: ['**/core/**', 'better-sqlite3'], message: 'The contract does not depend on the core.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'The renderer never touches Node: call the API instead.',
            })),
            ...electronPaths('The renderer never imports Electron: use the API client.'),
          ],
          patterns: [
            { group: electronModules, message: 'The renderer never imports Electron: use the API client.' },
            {
              group: [
                '**/main/core/**',
                '**/main/host/**',
                '**/main/cli/**',
                '**/main/electron/**',
                'better-sqlite3',
              ],
              message: 'The renderer only imports the contract (main/api).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The SCO and H5P launchers run in the browser, on a launch's own origin (main/host/sco-origin.ts).
    files: ['resources/scorm-runtime/**/*.js', 'resources/h5p-runtime/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
