// Lint rules: the TypeScript recommended set, plus the project's own determinism rule —
// nothing below cli/ may read the wall clock or Math.random (DESIGN.md, Determinism and replay).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', '.stryker-tmp/**', 'coverage/**', 'cli/bin/**', '.scratch/**'] },
  {
    // CommonJS tool configs (dependency-cruiser) run under Node's module wrapper.
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: [
      'spec/**',
      'model/**',
      'impl/**',
      'conformance/**',
      'properties/**',
      'evidence/**',
      'examples/**',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'No Math.random below cli/: pass a seed.' },
        { object: 'Date', property: 'now', message: 'No wall clock below cli/: use virtual time.' },
        { object: 'performance', property: 'now', message: 'No wall clock below cli/.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'No wall clock below cli/.' },
      ],
    },
  },
);
