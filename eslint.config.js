import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdkImports = {
  patterns: [
    { group: ['@slack/*', 'discord.js', '@discordjs/*'], message: 'Only src/adapters/ may import a chat SDK.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['commands/**/*.ts', 'src/core/**/*.ts', 'src/store/**/*.ts', 'src/reply.ts', 'src/http/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', sdkImports] },
  },
  // The CLI, the console adapter, benches and tests print on purpose.
  {
    files: ['src/cli/**/*.ts', 'src/adapters/console/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'bin/**/*.js'],
    rules: { 'no-console': 'off' },
  },
);
