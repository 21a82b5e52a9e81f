import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.*.mjs', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'Buffer', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'URL', 'performance', 'structuredClone', 'TextDecoder', 'TextEncoder', 'AbortController', 'queueMicrotask', '__dirname', '__filename'].map((g) => [g, 'readonly']),
      ),
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='process'][callee.property.name='exit']", message: 'Only the CLI edge chooses exit codes.' }],
    },
  },
  {
    files: ['src/bin.ts', 'src/hooks/hook-entry.ts', 'src/bundled-hook.ts', 'hooks/**', 'scripts/**', 'test/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
