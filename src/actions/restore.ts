/** The aza-pg/restore action. */
import { restore } from '../core/restore/index.js';
import { runAction } from './runner.js';

await runAction(restore);
