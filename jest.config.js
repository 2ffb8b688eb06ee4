/** Jest runs the TypeScript sources through swc; `tsc --noEmit` does the type checking. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  // Sources import each other with the `.js` suffix NodeNext requires; map it back to the `.ts` file.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 120000,
  // Integration tests start PostgreSQL clusters; two workers fit the two cores.
  maxWorkers: 2,
};
