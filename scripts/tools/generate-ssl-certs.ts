// The spec's entry point: bun scripts/tools/generate-ssl-certs.ts <dir> [days] (env POSTGRES_HOSTNAME).
import { runCli } from '../../src/cli/index.js';
await runCli(['ssl-certs', ...process.argv.slice(2)]);
