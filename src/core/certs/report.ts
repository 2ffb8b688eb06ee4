/** What ssl-certs tells: the action outputs and the summary table both faces print, per kind. */
import { basename } from 'node:path';
import type { OutputValues } from '../operation.js';
import type { SummaryTable } from '../report.js';
import { checkSummary, type CheckResult } from './check.js';
import { modeText } from './plan.js';
import type { CertResult } from './run.js';
import { describeKey } from './settings.js';

export type CertsResult = CertResult | CheckResult;

export function certsOutputs(r: CertsResult): OutputValues {
  if (r.kind === 'check') {
    return {
      status: r.status,
      fingerprint: r.primary.fingerprint,
      'not-after': r.primary.notAfter.toISOString(),
      'days-left': r.primary.daysLeft,
    };
  }
  const file = (name: string) => r.files.find((f) => f.name === name)?.path;
  return {
    status: 'ok',
    dir: r.dir,
    'key-file': file('server.key'),
    'cert-file': file('server.crt'),
    'ca-file': file('ca.crt'),
    'ca-key-file': file('ca.key'),
    'client-files': r.certificates
      .filter((c) => c.role === 'client')
      .flatMap((c) => [file(c.certFile), file(c.keyFile)])
      .join('\n'),
    fingerprint: r.fingerprint,
    'not-after': r.notAfter.toISOString(),
    'days-left': r.daysLeft,
  };
}

export function certsSummary(r: CertsResult): SummaryTable {
  return r.kind === 'check' ? checkSummary(r) : generationSummary(r);
}

export function generationSummary(result: CertResult): SummaryTable {
  const plan = result.plan;
  const server = result.certificates.find((c) => c.role === 'server')!;
  const dir = plan.dir;
  const notes =
    plan.mode === 'self-signed'
      ? [
          `postgresql.conf: ssl = on, ssl_cert_file = '${dir}/server.crt', ssl_key_file = '${dir}/server.key' (paths as the server sees them)`,
          `Clients verify with sslmode=verify-full sslrootcert=${dir}/ca.crt`,
          'Self-signed certificates suit development, tests and internal networks with manual trust; use a trusted CA in production.',
        ]
      : [
          `postgresql.conf: ssl = on, ssl_cert_file = 'server.crt', ssl_key_file = 'server.key', ssl_ca_file = 'ca.crt' (from ${dir})`,
          'pg_hba.conf: "hostssl all all 0.0.0.0/0 cert" logs users in by client certificate; add clientcert=verify-full to a scram-sha-256 line to require both.',
          `Clients: sslmode=verify-full sslrootcert=ca.crt sslcert=client-<user>.crt sslkey=client-<user>.key`,
          `Keep ca.key offline: whoever holds it can issue certificates the server trusts.`,
        ];
  if (result.replaced.length > 0)
    notes.unshift(`Replaced ${result.replaced.join(', ')}: reload PostgreSQL (SELECT pg_reload_conf()) to serve the new certificate.`);
  return {
    title: `TLS certificates (${plan.mode === 'self-signed' ? 'self-signed' : 'CA-signed'})`,
    rows: [
      ['Directory', dir],
      ['Key', describeKey(plan.key)],
      ['Subject', server.subject],
      ['Names', server.names.join(', ')],
      ['Valid until', `${result.notAfter.toISOString()} (${plan.days} days)`],
      ['SHA-256 fingerprint', result.fingerprint],
    ],
    sections: [
      {
        title: 'Files',
        header: ['File', 'Mode', 'Contents'],
        rows: plan.files.map((f) => {
          const c = result.certificates.find((x) => x.id === f.content.of)!;
          const what =
            f.content.kind === 'key' ? `private key (${c.role})` : `${c.role === 'ca' ? 'CA' : c.role} certificate, ${c.subject}`;
          return [
            basename(f.path),
            modeText(f.mode),
            f.name === 'ca.crt' && plan.mode === 'self-signed' ? 'CA certificate (copy of server.crt)' : what,
          ];
        }),
      },
    ],
    notes,
  };
}
