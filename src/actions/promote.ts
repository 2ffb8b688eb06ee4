/** The aza-pg/promote action. */
import { promote } from '../core/promote/index.js';
import { runAction } from './runner.js';

await runAction(promote);
