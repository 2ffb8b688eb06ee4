/** The aza-pg/ssl-certs action. */
import { sslCerts } from '../core/certs/index.js';
import { runAction } from './runner.js';

await runAction(sslCerts);
