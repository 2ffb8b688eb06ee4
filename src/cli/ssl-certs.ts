/**
 * `aza-pg ssl-certs <dir> [days]`: the spec's generate-ssl-certs.ts (self-signed by default,
 * POSTGRES_HOSTNAME for the name), plus a CA with client certificates and `--check`.
 */
import { certSettings, CERT_OPTIONS, gatherCertFacts, planCerts, runCerts, runCheck } from '../core/certs/index.js';
import { AzaError } from '../core/errors.js';
import { ask, runCommand, type CommandSpec } from './legacy.js';

export const sslCertsSpec: CommandSpec = {
  name: 'ssl-certs',
  usage: 'aza-pg ssl-certs <dir> [days] [options]   |   aza-pg ssl-certs --check <dir|file>',
  summary: 'Generate TLS certificates for PostgreSQL (self-signed, or a CA with client certificates), or check existing ones.',
  options: CERT_OPTIONS.filter((o) => o.name !== 'dir'),
  maxPositionals: 2,
  examples: [
    'aza-pg ssl-certs stacks/primary/certs                 # self-signed, 3650 days, CN=postgres.local',
    'POSTGRES_HOSTNAME=db.example.com aza-pg ssl-certs stacks/primary/certs 365',
    'aza-pg ssl-certs certs --mode ca --client-users app,backup --key-type ec',
    'aza-pg ssl-certs --check stacks/primary/certs --warn-days 60',
  ],
};

/** Options that take a value: a "-5" after them is that value, not a validity. */
const VALUE_FLAGS = new Set(CERT_OPTIONS.filter((o) => !o.flag).map((o) => `--${o.name}`));

/**
 * `generate-ssl-certs.ts certs -30` would otherwise fail as an unknown option "-3"; as the
 * validity it gets the spec's "Invalid days-valid value" error. No option is a digit, so a
 * "-<digits>" argument can only be a negative number.
 */
export function negativeDaysAsOption(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((arg, i) => ((end < 0 || i < end) && /^-\d+$/.test(arg) && !VALUE_FLAGS.has(argv[i - 1] ?? '') ? `--days=${arg}` : arg));
}

export const sslCertsCommand = {
  spec: sslCertsSpec,
  main: (argv: readonly string[]) =>
    runCommand(sslCertsSpec, negativeDaysAsOption(argv), async (cl, reporter) => {
      const settings = certSettings(cl.inputs, cl.positionals, process.env);
      if (settings.action === 'check') {
        await runCheck(settings, reporter);
        return;
      }
      let plan = planCerts(settings, gatherCertFacts(settings.dir));
      if (plan.conflicts.length > 0) {
        // The spec's prompt; the default (Enter) keeps the old certificates.
        reporter.warn(`Certificates already exist in ${plan.dir}`);
        const answer = await ask('Overwrite existing certificates? (y/N) ');
        if (answer === undefined) {
          throw new AzaError(
            'CERTS_EXIST',
            `Certificates already exist in ${plan.dir} and there is no terminal to confirm overwriting them; nothing was written`,
            `Move them away first (mv ${plan.dir} ${plan.dir}.old), or run in a terminal and answer y.`,
          );
        }
        if (!/^y(es)?$/i.test(answer.trim()))
          throw new AzaError('ABORTED', `Aborted: the certificates in ${plan.dir} were left as they were`);
        plan = { ...plan, overwrite: true };
      }
      const result = await runCerts(plan, {}, reporter);
      reporter.info(`✓ Certificates written to ${result.dir}`);
    }),
};
