/** The aza-pg/prune action. */
import { prune } from '../core/prune/index.js';
import { runAction } from './runner.js';

await runAction(prune);
