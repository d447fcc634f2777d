import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Process boundaries are folders, and this file enforces them (STYLE.md rule 1): core and shared never
 * reach for Electron, Vue, the DOM or a particular tfjs backend; the renderer never imports Node-side
 * code. A wrong import fails `npm run lint`, not a code review.
 */
const tfjsBackends = [
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  '@tensorflow/tfjs-backend-*',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-webgpu',
  // Dawn for Node, which the webgpu backend runs on.
  'webgpu',
];
const uiAndElectron = ['electron', 'electron/*', 'vue', 'vue-router', 'pinia', 'chart.js', 'chart.js/*'];
const nodeSide = ['**/core/**', '**/main/**', '**/server/**', '**/cli/**', '**/backends/**', '**/preload/**'];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'native/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['**/*.{ts,vue,js,mjs}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'vue/multi-word-component-names': 'off',
      // Formatting belongs to Prettier.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      ...restrict(
        [...uiAndElectron, ...tfjsBackends, 'node:*', 'better-sqlite3', 'ws', ...nodeSide, '**/renderer/**'],
        'src/shared runs in every process: no Node, DOM, Electron, Vue or tfjs backend, and nothing from other folders.',
      ),
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      ...restrict(
        [
          ...uiAndElectron,
          ...tfjsBackends,
          '**/main/**',
          '**/server/**',
          '**/cli/**',
          '**/renderer/**',
          '**/preload/**',
        ],
        'src/core is host-agnostic: no Electron, Vue, DOM or specific tfjs backend (the host picks one via src/backends).',
      ),
      'no-restricted-globals': ['error', 'window', 'document'],
    },
  },
  {
    // Engine tests pick a backend to run on (cpu, as the host would); the engine code itself may not.
    files: ['src/core/**/*.test.ts', 'src/core/**/test-support.ts'],
    rules: restrict(
      [
        ...uiAndElectron,
        '@tensorflow/tfjs-node',
        '@tensorflow/tfjs-node-gpu',
        '**/main/**',
        '**/server/**',
        '**/cli/**',
        '**/renderer/**',
        '**/preload/**',
      ],
      'Core tests may load the cpu or wasm backend, nothing host-specific.',
    ),
  },
  {
    files: ['src/trainer/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: restrict(
      [...uiAndElectron, '**/renderer/**', '**/main/**', '**/preload/**', '**/server/**', '**/cli/**'],
      'The trainer process is headless Node: core, backends and shared only.',
    ),
  },
  {
    files: ['src/backends/**/*.ts', 'src/server/**/*.ts', 'src/cli/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: restrict(
      [...uiAndElectron, '**/renderer/**', '**/main/**', '**/preload/**'],
      'Node hosts must not depend on Electron or on the renderer.',
    ),
  },
  {
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: restrict(
      ['vue', 'vue-router', 'pinia', 'chart.js', '**/renderer/**'],
      'The Electron host does not import the renderer.',
    ),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(
      ['node:*', 'better-sqlite3', '**/core/**', '**/server/**', '**/cli/**', '**/backends/**', '**/main/**'],
      'The sandboxed preload may use electron and src/shared only.',
    ),
  },
  {
    files: ['src/renderer/**/*.{ts,vue}'],
    languageOptions: { globals: globals.browser },
    rules: restrict(
      ['electron', 'node:*', 'better-sqlite3', 'ws', ...tfjsBackends, ...nodeSide],
      'The renderer talks to the studio only through its API client (src/renderer/src/api) and may import src/shared.',
    ),
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.js', 'e2e/**/*.ts', '*.config.ts', 'bench/**/*.{ts,mjs}'],
    languageOptions: { globals: globals.node },
  },
);
