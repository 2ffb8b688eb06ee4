/** The aza-pg/drill action. */
import { drill } from '../core/drill/index.js';
import { runAction } from './runner.js';

await runAction(drill);
