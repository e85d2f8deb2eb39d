// Lint rules, including the dependency arrows of ../shared/STYLE.md:
//   ui → charts, worker/client, data, model's TF-free tables;  charts → model's TF-free tables;
//   worker → model → data;  nothing imports ui;
//   only src/model imports @tensorflow/*;  charts and data stay framework-free.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const tensorflow = { group: ['@tensorflow/*'], message: 'Only src/model/ may import TensorFlow.js (STYLE.md).' };
const ui = { group: ['**/ui/*', '**/ui'], message: 'Nothing imports ui/ (STYLE.md).' };
const react = { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'Only ui/ uses React.' };
const worker = { group: ['**/worker/*', '!**/worker/protocol', '!**/worker/client'], message: 'Import the worker only through worker/protocol or worker/client.' };
const charts = { group: ['**/charts/*'], message: 'model/ and data/ do not draw.' };
const model = { group: ['**/model/*'], message: 'data/ is below model/.' };
// ui/ and charts/ read model/'s TF-free types and tables (architecture, task defaults, backend names), nothing else of it.
const modelTables = { group: ['**/model/*', '!**/model/types', '!**/model/architecture', '!**/model/taskDefaults', '!**/model/backendTypes'], message: 'ui/ and charts/ take from model/ only its TF-free types and tables (types, architecture, taskDefaults, backendTypes).' };

export default tseslint.config(
  // .scratch and .device are local, untracked (notes, the device kit): never linted.
  { ignores: ['dist', 'node_modules', 'public', 'test-results', 'playwright-report', 'e2e-artifacts', 'tools', '.scratch', '.device'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration[const=true]', message: 'No const enum (breaks per-file transpile).' }],
    },
  },
  { files: ['src/data/**'], rules: { 'no-restricted-imports': ['error', { patterns: [tensorflow, ui, react, charts, model, { group: ['**/worker/*'], message: 'data/ is the bottom layer.' }, { group: ['d3', 'd3-*'], message: 'data/ does not draw.' }] }] } },
  { files: ['src/model/**'], rules: { 'no-restricted-imports': ['error', { patterns: [ui, react, charts, { group: ['**/worker/*'], message: 'model/ is below worker/.' }] }] } },
  { files: ['src/worker/**'], rules: { 'no-restricted-imports': ['error', { patterns: [ui, react, charts] }] } },
  { files: ['src/worker/protocol.ts', 'src/worker/client.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [tensorflow, ui, react, charts] }] } },
  { files: ['src/charts/**'], rules: { 'no-restricted-imports': ['error', { patterns: [tensorflow, ui, react, worker, modelTables] }] } },
  { files: ['src/ui/**', 'src/main.tsx'], rules: { 'no-restricted-imports': ['error', { patterns: [tensorflow, worker, modelTables] }] } },
  // The benchmark's browser side (page + bench worker) drives the engine like worker/ does.
  { files: ['src/bench/**'], rules: { 'no-restricted-imports': ['error', { patterns: [tensorflow, ui, react, charts, worker] }] } },
  { files: ['src/cli/**'], rules: { 'no-restricted-imports': ['error', { patterns: [tensorflow, ui, react, charts] }] } },
);
