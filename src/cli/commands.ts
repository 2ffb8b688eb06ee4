/** TRANSITIONAL: the commands not yet on the operation contract (see src/core/operations.ts). */
import type { CommandSpec } from './legacy.js';
import { sslCertsCommand } from './ssl-certs.js';
import { promoteCommand } from './promote.js';
import { restoreCommand } from './restore.js';
import { verifyCommand } from './verify.js';

export interface Command {
  spec: CommandSpec;
  main(argv: readonly string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  'ssl-certs': sslCertsCommand,
  promote: promoteCommand,
  restore: restoreCommand,
  verify: verifyCommand,
};
