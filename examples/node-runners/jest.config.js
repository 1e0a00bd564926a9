// Run with NODE_OPTIONS=--experimental-vm-modules: the ovhmock package is ESM.
export default {
  testMatch: ['<rootDir>/jest/**/*.spec.js'],
  transform: {},
  globalSetup: '<rootDir>/jest/global-setup.js',
  globalTeardown: '<rootDir>/jest/global-teardown.js',
};
