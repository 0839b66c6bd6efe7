import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '.cxone-gitops/**', '.demo/**', 'controller/simulation/assembly/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The controller never imports the emulator: emulator/ depends on controller/, and its commands
    // are loaded as an extension by a dynamic import (docs/architecture.md, "Entry points").
    files: ['controller/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/emulator/**', '**/emulator'], message: 'controller/ must not import emulator/ (see docs/architecture.md, "Entry points")' }] },
      ],
    },
  },
  {
    // The boundaries of docs/architecture.md, "Boundaries (who may import whom)": domain/ imports
    // nothing outside domain/ (and lib/), report/ renders without reaching into reconcile/.
    files: ['controller/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../simulation/*', '../reconcile/*', '../adapters/*', '../commands/*', '../report/*', '../scheduler/*', '../calibration/*', '../*.js', '**/emulator/**', '**/emulator'],
              message: 'domain/ imports only domain/ and lib/ (see docs/architecture.md, "Boundaries")',
            },
          ],
        },
      ],
    },
  },
  {
    // One place picks the dialect (docs/architecture.md, "The dialect seam"): no branch on
    // CXONE_DIALECT outside adapters/ (adapters/cxone/target-from-config.ts); config.ts reads it.
    files: ['controller/**/*.ts'],
    ignores: ['controller/adapters/**', 'controller/config.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "BinaryExpression > MemberExpression[property.name='dialect']", message: 'no if (dialect) outside adapters/: bind both dialects with bindDialect (adapters/cxone/target-from-config.ts)' },
        { selector: "SwitchStatement > MemberExpression.discriminant[property.name='dialect']", message: 'no switch (dialect) outside adapters/: bind both dialects with bindDialect (adapters/cxone/target-from-config.ts)' },
      ],
    },
  },
  {
    // Functions in controller/ stay under 80 lines (docs/architecture.md, "Function length"). Blank
    // lines and comments are not counted: a TSDoc line or a comment that says why must never be
    // what pushes a function over, so the limit measures code only.
    files: ['controller/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    // The one exception (docs/architecture.md, "Function length" and "The simulator"): the
    // simulator's event loop, CallEngine.run, keeps its calendar, rings and draws inline in one
    // function, because calls out of the hot loop cost events per CPU second.
    files: ['controller/simulation/call-engine.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    files: ['controller/report/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../reconcile/*', '../adapters/*', '../commands/*', '**/emulator/**', '**/emulator'], message: 'report/ renders domain values; it does not import reconcile/, adapters/ or commands/ (see docs/architecture.md, "Boundaries")' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/controller/commands/*'], message: 'tests do not import production commands: spawn the CLI (test/support/spawn-cli.ts) or build the pieces (see docs/architecture.md, "Boundaries")' }] },
      ],
    },
  },
  {
    // chai's property assertions (`expect(x).to.be.NaN`) are expressions.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
