// The spec's documented entry point: bun scripts/tools/restore-postgres.ts <backup> [database]
import { runCli } from '../../src/cli/index.js';
await runCli(['restore', ...process.argv.slice(2)]);
