/** Every command of the CLI. Each operation adds one line here. */
import type { CommandSpec } from './face.js';
import { backupCommand } from './backup.js';
import { sslCertsCommand } from './ssl-certs.js';
import { promoteCommand } from './promote.js';
import { restoreCommand } from './restore.js';
import { verifyCommand } from './verify.js';

export interface Command {
  spec: CommandSpec;
  main(argv: readonly string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  backup: backupCommand,
  'ssl-certs': sslCertsCommand,
  promote: promoteCommand,
  restore: restoreCommand,
  verify: verifyCommand,
};
