/** The aza-pg/backup action. */
import { backup } from '../core/backup/index.js';
import { runAction } from './runner.js';

await runAction(backup);
