// The spec's entry point: bun scripts/tools/promote-replica.ts [-c NAME] [-d PATH] [-n] [-y] [-h]
import { runCli } from '../../src/cli/index.js';
await runCli(['promote', ...process.argv.slice(2)]);
