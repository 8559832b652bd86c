/** Unit tests live beside the code (`*.test.ts`); end-to-end tests on a real network live in `test/e2e`. */
const workspaceModules = {
  '^@ndi/chaincode-common$': '<rootDir>/chaincode/common/src',
  '^@ndi/chaincode-common/testing$': '<rootDir>/chaincode/common/src/testing',
  '^@ndi/chaincode-(identity|data-registry|asset-valuation|transaction-certificates|baseline)$':
    '<rootDir>/chaincode/$1/src',
  '^@ndi/network$': '<rootDir>/network/src',
};
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/chaincode', '<rootDir>/network', '<rootDir>/gateway-client'],
      testMatch: ['**/src/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper: workspaceModules,
      setupFiles: ['<rootDir>/jest.setup.js'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper: workspaceModules,
      setupFiles: ['<rootDir>/jest.setup.js'],
      testTimeout: 120000,
    },
  ],
};
