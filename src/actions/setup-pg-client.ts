/** The aza-pg/setup-pg-client action. */
import { setupClient } from '../core/setup-client/index.js';
import { runAction } from './runner.js';

await runAction(setupClient);
