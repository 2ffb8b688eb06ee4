/** The aza-pg/ssl-certs action: inputs -> settings -> generate (or check) -> outputs and job summary. */
import { certSettings, CERT_OPTIONS, gatherCertFacts, planCerts, runCerts, runCheck } from '../core/certs/index.js';
import { actionInputs, runAction, setOutputs } from './legacy.js';

await runAction(async (reporter) => {
  const settings = certSettings(actionInputs(CERT_OPTIONS), [], process.env);
  if (settings.action === 'check') {
    const result = await runCheck(settings, reporter);
    setOutputs({
      status: result.status,
      fingerprint: result.primary.fingerprint,
      'not-after': result.primary.notAfter.toISOString(),
      'days-left': result.primary.daysLeft,
    });
    return;
  }
  // Existing certificates fail the plan here unless input overwrite is true: an action cannot ask.
  const result = await runCerts(planCerts(settings, gatherCertFacts(settings.dir)), {}, reporter);
  const file = (name: string) => result.files.find((f) => f.name === name)?.path;
  setOutputs({
    status: 'ok',
    dir: result.dir,
    'key-file': file('server.key'),
    'cert-file': file('server.crt'),
    'ca-file': file('ca.crt'),
    'ca-key-file': file('ca.key'),
    'client-files': result.certificates
      .filter((c) => c.role === 'client')
      .flatMap((c) => [file(c.certFile), file(c.keyFile)])
      .join('\n'),
    fingerprint: result.fingerprint,
    'not-after': result.notAfter.toISOString(),
    'days-left': Math.floor((result.notAfter.getTime() - Date.now()) / 86_400_000),
  });
});
