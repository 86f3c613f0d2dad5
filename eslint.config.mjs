// Lint rules include the architecture: imports point down the data flow (see docs/design.md), never back.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, why) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: forbidden.map((group) => ({ group: [group], message: why })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'src/web/static/**'] },
  js.configs.recommended,
  { files: ['*.js', '*.cjs'], languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  // Scripts that must run before the TypeScript is built (e.g. `npm start`'s build check): CommonJS for Node.
  {
    files: ['scripts/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', __dirname: 'readonly', process: 'readonly', console: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  layer(
    ['src/knowledge/**'],
    ['**/search/**', '**/assistant/**', '**/bot/**', '**/channels/**', '**/admin/**', '**/storage/**', 'botkit', 'botbuilder', 'express'],
    'knowledge/ is the bottom layer: it imports neither search, the bot nor HTTP.',
  ),
  layer(
    ['src/search/**'],
    ['**/assistant/**', '**/bot/**', '**/channels/**', '**/admin/**', '**/storage/**', 'botkit', 'botbuilder', 'express'],
    'search/ imports knowledge/ types at most.',
  ),
  layer(
    ['src/assistant/**'],
    ['**/bot/**', '**/channels/**', '**/admin/**', '**/storage/**', 'botkit', 'botbuilder', 'express', 'node:fs', 'fs', 'node:http', 'better-sqlite3'],
    'assistant/ is pure: text in, reply out, no Botkit, no channel, no storage, no I/O.',
  ),
  layer(
    ['src/channels/**'],
    ['**/admin/**', '**/assistant/**'],
    'channels/ hand messages to bot/; they never reach admin/ or assistant/ directly.',
  ),
);
