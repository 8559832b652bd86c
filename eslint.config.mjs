// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      'docs/api/**',
      'network/.runtime/**',
      '.cache/**',
      'bench/results/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Deterministic chaincode: wall-clock time and randomness never reach the ledger.
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['chaincode/*/src/**/*.ts'],
    ignores: ['chaincode/*/src/**/*.test.ts', 'chaincode/common/src/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the transaction timestamp (txTime) in chaincode.' },
        { object: 'Math', property: 'random', message: 'Chaincode must be deterministic.' },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Chaincode must be deterministic.' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
