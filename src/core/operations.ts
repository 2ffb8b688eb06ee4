/**
 * The registry: every operation the suite offers, in the order `aza-pg --help` lists them. A new
 * operation is one line here, one folder in src/core/, one three-line action entry.
 */
import type { AnyOperation } from './operation.js';
import { backup } from './backup/index.js';
import { promote } from './promote/index.js';
import { sslCerts } from './certs/index.js';
import { prune } from './prune/index.js';
import { restore } from './restore/index.js';
import { status } from './status/index.js';
import { drill } from './drill/index.js';
import { verify } from './verify/index.js';
import { setupClient } from './setup-client/index.js';

export const OPERATIONS: readonly AnyOperation[] = [backup, restore, verify, promote, sslCerts, prune, status, drill, setupClient];

/** The operation of a command or action name (setup-client is the command of the action setup-pg-client). */
export function findOperation(name: string): AnyOperation | undefined {
  return OPERATIONS.find((op) => op.command === name || op.name === name);
}
