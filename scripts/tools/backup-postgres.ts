// The spec's documented entry point: bun scripts/tools/backup-postgres.ts [database] [output]
import { runCli } from '../../src/cli/index.js';
await runCli(['backup', ...process.argv.slice(2)]);
