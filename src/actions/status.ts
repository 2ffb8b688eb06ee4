/** The aza-pg/status action. */
import { status } from '../core/status/index.js';
import { runAction } from './runner.js';

await runAction(status);
