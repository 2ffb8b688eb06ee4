/** The aza-pg/verify action. */
import { verify } from '../core/verify/index.js';
import { runAction } from './runner.js';

await runAction(verify);
