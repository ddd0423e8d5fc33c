/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: type-checking runs once, as its own step (`npm run typecheck`), not per test file.
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  maxWorkers: 2,
  testTimeout: 120000,
  snapshotFormat: { printBasicPrototype: false },
  // One Kubernetes schema checker for the whole run (test/support/validate-k8s.mjs --serve).
  globalSetup: '<rootDir>/test/support/jest-global-setup.cjs',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.cjs',
};
