/** TRANSITIONAL: the commands not yet on the operation contract (see src/core/operations.ts). */
import type { CommandSpec } from './legacy.js';
import { restoreCommand } from './restore.js';
import { verifyCommand } from './verify.js';

export interface Command {
  spec: CommandSpec;
  main(argv: readonly string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  restore: restoreCommand,
  verify: verifyCommand,
};
