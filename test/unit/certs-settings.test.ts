import { describe, expect, test } from '@jest/globals';
import { CERT_OPTIONS, certSettings, parseDays, isDnsName, MAX_DAYS, type GenerateSettings } from '../../src/core/certs/settings.js';
import { Inputs, type RawInputs } from '../../src/core/inputs.js';
import { sslCerts } from '../../src/core/certs/index.js';
import { parseCommandLine } from '../../src/cli/runner.js';
import { azaErrorOf } from '../harness/expect-errors.js';

const cli = (raw: RawInputs) => new Inputs(raw, 'cli', CERT_OPTIONS);
const action = (raw: RawInputs) => new Inputs(raw, 'action', CERT_OPTIONS);

/** The command line's `<dir> [days]` are the dir and days inputs (positionals 0 and 1 of the table). */
function generate(raw: RawInputs, positionals: string[] = ['certs'], env: NodeJS.ProcessEnv = {}): GenerateSettings {
  const [dir, days] = positionals;
  const s = certSettings(cli({ ...raw, dir, days }), env);
  if (s.action !== 'generate') throw new Error('expected generate settings');
  return s;
}

describe('certSettings: the spec defaults', () => {
  test('dir and days from positionals, RSA 2048, self-signed, postgres.local, 3650 days', () => {
    expect(generate({}, ['stacks/primary/certs'])).toEqual({
      action: 'generate',
      dir: 'stacks/primary/certs',
      days: 3650,
      hostname: 'postgres.local',
      dnsNames: ['postgres.local', 'localhost'],
      ipAddresses: ['127.0.0.1', '::1'],
      mode: 'self-signed',
      clientUsers: [],
      key: { kind: 'rsa', bits: 2048 },
      overwrite: false,
    });
    expect(generate({}, ['certs', '365']).days).toBe(365);
  });

  test('POSTGRES_HOSTNAME names the certificate; the hostname input wins over it', () => {
    expect(generate({}, ['certs'], { POSTGRES_HOSTNAME: 'db.example.com' })).toMatchObject({
      hostname: 'db.example.com',
      dnsNames: ['db.example.com', 'localhost'],
    });
    expect(generate({ hostname: 'other.example.com' }, ['certs'], { POSTGRES_HOSTNAME: 'db.example.com' }).hostname).toBe(
      'other.example.com',
    );
  });

  test('an IP address as host name goes into the IP SANs, not the DNS ones', () => {
    expect(generate({}, ['certs'], { POSTGRES_HOSTNAME: '10.1.2.3' })).toMatchObject({
      hostname: '10.1.2.3',
      dnsNames: ['localhost'],
      ipAddresses: ['10.1.2.3', '127.0.0.1', '::1'],
    });
  });

  test('hostnames and ip-addresses replace the extra defaults; the host name always stays first', () => {
    const s = generate({
      hostname: 'db.example.com',
      hostnames: 'db, *.db.example.com,DB.example.com',
      'ip-addresses': '10.0.0.5\nfe80::1',
    });
    expect(s.dnsNames).toEqual(['db.example.com', 'db', '*.db.example.com']);
    expect(s.ipAddresses).toEqual(['10.0.0.5', 'fe80::1']);
  });

  test('the action reads dir and days from inputs, and overwrite', () => {
    const s = certSettings(
      action({ dir: 'certs', days: '30', overwrite: 'true', mode: 'ca', 'client-users': 'app,backup', 'key-type': 'ec' }),
      {},
    );
    expect(s).toMatchObject({
      action: 'generate',
      dir: 'certs',
      days: 30,
      overwrite: true,
      mode: 'ca',
      clientUsers: ['app', 'backup'],
      key: { kind: 'ec', curve: 'P-256' },
    });
  });

  test('RSA sizes 2048, 3072, 4096', () => {
    expect(generate({ 'rsa-bits': '4096' }).key).toEqual({ kind: 'rsa', bits: 4096 });
    expect(generate({ 'rsa-bits': '3072', 'key-type': 'RSA' }).key).toEqual({ kind: 'rsa', bits: 3072 });
    expect(azaErrorOf(() => generate({ 'rsa-bits': '1024' })).code).toBe('INVALID_INPUT');
    expect(azaErrorOf(() => generate({ 'rsa-bits': '4096', 'key-type': 'ec' })).code).toBe('USAGE');
  });

  test('check settings: a path and warn-days (default 30)', () => {
    expect(certSettings(cli({ check: 'true', dir: 'certs/server.crt' }), {})).toEqual({
      action: 'check',
      path: 'certs/server.crt',
      warnDays: 30,
    });
    expect(certSettings(action({ check: 'true', dir: 'certs', 'warn-days': '60' }), {})).toEqual({
      action: 'check',
      path: 'certs',
      warnDays: 60,
    });
    expect(azaErrorOf(() => certSettings(cli({ check: 'true' }), {})).code).toBe('USAGE');
    expect(azaErrorOf(() => certSettings(cli({ check: 'true', 'warn-days': 'soon', dir: 'certs' }), {})).code).toBe('INVALID_INPUT');
  });
});

describe('certSettings: bad input is refused with a clear error', () => {
  test.each([
    ['0', 'must be at least 1'],
    ['-1', 'must be at least 1'],
    ['-365', 'must be at least 1'],
    ['abc', 'not a whole number'],
    ['3.5', 'not a whole number'],
    ['1e3', 'not a whole number'],
    [String(MAX_DAYS + 1), `must be at most ${MAX_DAYS} (100 years)`],
    ['99999999999999999999', `must be at most ${MAX_DAYS} (100 years)`],
  ])('days %s: the spec error "Invalid days-valid value"', (days, why) => {
    const e = azaErrorOf(() => generate({}, ['certs', days]));
    expect(e.code).toBe('INVALID_DAYS');
    expect(e.message).toBe(`Invalid days-valid value "${days}": ${why}`);
    expect(e.hint).toMatch(/Provide a positive integer/);
    expect(azaErrorOf(() => certSettings(action({ dir: 'certs', days }), {})).message).toMatch(/^Invalid days-valid value/);
  });

  test('days at the bounds are accepted', () => {
    expect(parseDays('1')).toBe(1);
    expect(parseDays(String(MAX_DAYS))).toBe(MAX_DAYS);
    expect(parseDays(undefined)).toBe(3650);
  });

  test.each([
    'bad_name.example.com',
    'exa mple.com',
    '-lead.example.com',
    'trail-.example.com',
    'a..b',
    'host.',
    '256.1.1.1',
    `${'a'.repeat(64)}.com`,
    '*.com',
    'db.*.example.com',
  ])('invalid host name %s', (name) => {
    expect(isDnsName(name)).toBe(false);
    expect(azaErrorOf(() => generate({ hostnames: name })).code).toBe('INVALID_HOSTNAME');
    expect(azaErrorOf(() => generate({}, ['certs'], { POSTGRES_HOSTNAME: name })).message).toContain('POSTGRES_HOSTNAME');
  });

  test.each(['127.0.0.256', '1.2.3', '::g', 'localhost', '10.0.0.1/8'])('invalid IP address %s', (ip) => {
    const e = azaErrorOf(() => generate({ 'ip-addresses': ip }));
    expect(e.code).toBe('INVALID_IP');
    expect(e.message).toBe(`Invalid IP address "${ip}" in --ip-addresses`);
  });

  test('unknown key type and mode', () => {
    const e = azaErrorOf(() => generate({ 'key-type': 'dsa' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('Invalid --key-type "dsa": expected one of rsa, ec');
    expect(azaErrorOf(() => certSettings(action({ dir: 'd', 'key-type': 'ed25519' }), {})).message).toBe(
      'Invalid input "key-type" "ed25519": expected one of rsa, ec',
    );
    expect(azaErrorOf(() => generate({ mode: 'pki' })).code).toBe('INVALID_INPUT');
  });

  test('client users need mode ca and safe names', () => {
    expect(azaErrorOf(() => generate({ 'client-users': 'app' })).code).toBe('USAGE');
    expect(azaErrorOf(() => generate({ mode: 'ca', 'client-users': '../etc/passwd' })).code).toBe('INVALID_CLIENT_USER');
    expect(azaErrorOf(() => generate({ mode: 'ca', 'client-users': 'a b' })).code).toBe('INVALID_CLIENT_USER');
    expect(generate({ mode: 'ca', 'client-users': 'app, app,backup_user,ci@corp' }).clientUsers).toEqual(['app', 'backup_user', 'ci@corp']);
  });

  test('missing dir, and the same value given twice differently', () => {
    expect(azaErrorOf(() => generate({}, [])).code).toBe('USAGE');
    // Given as an argument and as an option: the command line runner refuses it before any settings.
    expect(azaErrorOf(() => parseCommandLine(['--dir', 'a', 'b'], sslCerts)).message).toBe('The dir is given twice (argument and --dir)');
    expect(azaErrorOf(() => parseCommandLine(['--days', '10', 'certs', '20'], sslCerts)).code).toBe('USAGE');
    expect(generate({ days: '10' }, ['certs', '10']).days).toBe(10);
  });
});
