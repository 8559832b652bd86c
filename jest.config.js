const fs = require('node:fs');
const path = require('node:path');

/** Unit tests live beside the code (`*.test.ts`); end-to-end tests on a real network live in `test/e2e`. */
const workspaceModules = {
  '^@ndi/chaincode-common$': '<rootDir>/chaincode/common/src',
  '^@ndi/chaincode-common/testing$': '<rootDir>/chaincode/common/src/testing',
  '^@ndi/chaincode-common/errors$': '<rootDir>/chaincode/common/src/errors',
  '^@ndi/chaincode-common/canonical-json$': '<rootDir>/chaincode/common/src/canonical-json',
  '^@ndi/chaincode-common/network-roles$': '<rootDir>/chaincode/common/src/network-roles',
  '^@ndi/chaincode-transaction-certificates/certificate-hash$':
    '<rootDir>/chaincode/transaction-certificates/src/certificate-hash',
  '^@ndi/chaincode-(identity|data-registry|asset-valuation|transaction-certificates|baseline)$':
    '<rootDir>/chaincode/$1/src',
  '^@ndi/network$': '<rootDir>/network/src',
  '^@ndi/gateway-client$': '<rootDir>/gateway-client/src',
};
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }];
const setupFiles = ['<rootDir>/jest.setup.js'];

/** Every chaincode package with sources must keep at least 90% line coverage. */
const chaincodeSources = fs
  .readdirSync(path.join(__dirname, 'chaincode'))
  .map((name) => `./chaincode/${name}/src/`)
  .filter((dir) => fs.existsSync(path.join(__dirname, dir)) && fs.readdirSync(path.join(__dirname, dir)).length > 0);

/** @type {import('jest').Config} */
module.exports = {
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: Object.fromEntries(chaincodeSources.map((dir) => [dir, { lines: 90 }])),
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/chaincode', '<rootDir>/network', '<rootDir>/gateway-client', '<rootDir>/test/scenario'].filter(
        (root) => fs.existsSync(root.replace('<rootDir>', __dirname)),
      ),
      // Beside the code, and the network scenarios run on the in-memory gateway (`test/scenario`).
      testMatch: ['**/src/**/*.test.ts', '**/test/scenario/*.scenario.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper: workspaceModules,
      setupFiles,
      collectCoverageFrom: ['<rootDir>/chaincode/*/src/**/*.ts', '!**/*.test.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper: workspaceModules,
      setupFiles,
      testTimeout: 120000,
    },
  ],
};
