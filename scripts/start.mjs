// `npm start`: dependencies, Fabric binaries, the network, every chaincode, then the demo.
import { ensureDependencies, must, network, step } from './lib.mjs';

function mustNetwork(args, what) {
  step(what);
  const code = network(args);
  if (code !== 0) {
    process.exit(code);
  }
}

ensureDependencies();
mustNetwork(['binaries'], 'Fabric and Fabric CA programs (built with Go on first use, then cached)');
mustNetwork(['up'], 'network: 4 CAs, 3 Raft orderers, 4 peers, channel ndi');
mustNetwork(['deploy'], 'chaincodes: build, package, install, approve, commit');
step('demo');
must('npx', ['tsx', 'scripts/demo.ts']);
step('done');
process.stdout.write(
  'The network keeps running. Try:\n' +
    '  npm run network -- status\n' +
    '  eval "$(npm run --silent network -- env exchange)"; peer lifecycle chaincode querycommitted -C ndi\n' +
    '  npm run network -- down\n',
);
