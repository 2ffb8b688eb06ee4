/**
 * Backup settings: what the user says (CLI flags and positionals, action inputs, libpq
 * environment, a connection URI) becomes validated settings, or a clear INVALID_INPUT/USAGE error.
 */
import { describe, expect, test } from '@jest/globals';
import { BACKUP_OPTIONS, backupSettings, DEFAULT_ARCHIVE_GZIP_LEVEL, DEFAULT_GZIP_LEVEL } from '../../src/core/backup/settings.js';
import { Inputs, type InputSource, type RawInputs } from '../../src/core/inputs.js';
import { azaErrorOf } from '../harness/expect-errors.js';
import { backup } from '../../src/core/backup/index.js';
import { parseCommandLine } from '../../src/cli/runner.js';

const CWD = '/srv/work';

function settings(raw: RawInputs = {}, positionals: string[] = [], env: NodeJS.ProcessEnv = {}, source: InputSource = 'cli') {
  const [database, output] = positionals;
  const merged = { ...raw, ...(database !== undefined ? { database } : {}), ...(output !== undefined ? { output } : {}) };
  return backupSettings(new Inputs(merged, source, BACKUP_OPTIONS), env, CWD);
}

describe('defaults (the spec: database postgres, plain SQL, gzip, auto name in the working directory)', () => {
  test('nothing given', () => {
    const s = settings();
    expect(s).toEqual({
      database: 'postgres',
      outputDir: CWD,
      format: 'plain',
      compression: 'gzip',
      overwrite: false,
      rowCounts: 'exact',
      privileges: false,
      dryRun: false,
      connection: { host: 'localhost', port: 5432, user: 'postgres', database: 'postgres' },
    });
    // No level means "the plan's default"; no output means "auto name".
    expect(s.compressionLevel).toBeUndefined();
    expect(s.output).toBeUndefined();
    expect(s.jobs).toBeUndefined();
    expect(s.upload).toBeUndefined();
  });

  test('the default levels are inside the accepted ranges', () => {
    expect(DEFAULT_GZIP_LEVEL).toBeGreaterThanOrEqual(1);
    expect(DEFAULT_GZIP_LEVEL).toBeLessThanOrEqual(9);
    expect(DEFAULT_ARCHIVE_GZIP_LEVEL).toBe(6);
  });
});

describe('positional [database] [output]', () => {
  test('database only: the connection targets it too', () => {
    const s = settings({}, ['mydb']);
    expect(s.database).toBe('mydb');
    expect(s.connection.database).toBe('mydb');
    expect(s.output).toBeUndefined();
  });

  test('database and a relative output: resolved against the working directory', () => {
    const s = settings({}, ['mydb', 'backup.sql.gz']);
    expect(s.output).toBe('/srv/work/backup.sql.gz');
  });

  test('a relative output is resolved against --output-dir; an absolute one is kept', () => {
    expect(settings({ 'output-dir': 'backups' }, ['mydb', 'b.sql.gz']).output).toBe('/srv/work/backups/b.sql.gz');
    expect(settings({ 'output-dir': '/var/backups' }, ['mydb', '/tmp/x.sql.gz']).output).toBe('/tmp/x.sql.gz');
    expect(settings({ 'output-dir': '/var/backups' }).outputDir).toBe('/var/backups');
  });

  test('names with spaces are kept verbatim', () => {
    expect(settings({}, ['  my db ']).database).toBe('  my db ');
    expect(settings({ database: ' spaced name' }, [], {}, 'action').database).toBe(' spaced name');
  });

  test('database or output given twice is a usage error', () => {
    const twice = (argv: string[]) => azaErrorOf(() => parseCommandLine(argv, backup));
    expect([twice(['--database=a', 'b']).code, twice(['--database=a', 'b']).message]).toEqual([
      'USAGE',
      'The database is given twice (argument and --database)',
    ]);
    expect(twice(['--output=a.sql.gz', 'db', 'b.sql.gz']).code).toBe('USAGE');
  });

  test('an empty or blank database name is refused', () => {
    const e = azaErrorOf(() => settings({}, ['   ']));
    expect([e.code, e.message]).toEqual(['INVALID_INPUT', 'The database name is empty']);
  });
});

describe('enumerations', () => {
  test.each([
    ['format', 'tar', 'Invalid --format "tar": expected one of plain, custom, directory'],
    ['compression', 'bzip2', 'Invalid --compression "bzip2": expected one of gzip, zstd, none'],
    ['row-counts', 'some', 'Invalid --row-counts "some": expected one of exact, estimate, none'],
    ['sslmode', 'maybe', 'Invalid --sslmode "maybe": expected one of disable, allow, prefer, require, verify-ca, verify-full'],
  ])('--%s %s', (name, value, message) => {
    const e = azaErrorOf(() => settings({ [name]: value }));
    expect([e.code, e.message]).toEqual(['INVALID_INPUT', message]);
  });

  test('the action names its input', () => {
    const e = azaErrorOf(() => settings({ format: 'zip' }, [], {}, 'action'));
    expect(e.message).toBe('Invalid input "format" "zip": expected one of plain, custom, directory');
  });

  test('values are case-insensitive and trimmed', () => {
    const s = settings({ format: ' Custom ', compression: 'ZSTD', 'row-counts': 'Estimate', sslmode: 'REQUIRE' });
    expect([s.format, s.compression, s.rowCounts, s.connection.sslmode]).toEqual(['custom', 'zstd', 'estimate', 'require']);
  });

  test('an invalid PGSSLMODE in the environment is refused too', () => {
    const e = azaErrorOf(() => settings({}, [], { PGSSLMODE: 'sometimes' }));
    expect([e.code, e.message]).toEqual(['INVALID_INPUT', 'Invalid PGSSLMODE "sometimes"']);
  });
});

describe('jobs', () => {
  test('jobs need the directory format', () => {
    const e = azaErrorOf(() => settings({ jobs: '4' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('--jobs needs the directory format (pg_dump runs parallel jobs only for -Fd)');
    expect(e.hint).toContain('--format directory');
    expect(azaErrorOf(() => settings({ jobs: '4', format: 'custom' })).code).toBe('INVALID_INPUT');
  });

  test('jobs with directory format; bounds 1-64', () => {
    expect(settings({ jobs: '4', format: 'directory' }).jobs).toBe(4);
    expect(azaErrorOf(() => settings({ jobs: '0', format: 'directory' })).message).toBe(
      'Invalid --jobs "0": expected a whole number from 1 to 64',
    );
    expect(azaErrorOf(() => settings({ jobs: '65', format: 'directory' })).code).toBe('INVALID_INPUT');
    expect(azaErrorOf(() => settings({ jobs: 'two', format: 'directory' })).message).toBe('Invalid --jobs "two": expected a whole number');
  });
});

describe('compression level ranges per format and compression', () => {
  test.each([
    // plain gzip is our own compressor: 1-9
    ['plain', 'gzip', '0', false],
    ['plain', 'gzip', '1', true],
    ['plain', 'gzip', '9', true],
    ['plain', 'gzip', '10', false],
    // pg_dump's archives accept 0 (uncompressed) to 9
    ['custom', 'gzip', '-1', false],
    ['custom', 'gzip', '0', true],
    ['custom', 'gzip', '9', true],
    ['custom', 'gzip', '10', false],
    ['directory', 'gzip', '0', true],
    ['directory', 'gzip', '10', false],
    // zstd 1-19
    ['plain', 'zstd', '0', false],
    ['plain', 'zstd', '1', true],
    ['plain', 'zstd', '19', true],
    ['plain', 'zstd', '20', false],
    ['custom', 'zstd', '19', true],
    ['custom', 'zstd', '22', false],
  ])('%s %s level %s accepted: %s', (format, compression, level, ok) => {
    const f = () => settings({ format, compression, 'compression-level': level });
    if (ok) {
      expect(f().compressionLevel).toBe(Number(level));
    } else {
      const e = azaErrorOf(f);
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toMatch(new RegExp(`^Invalid --compression-level "${level}": expected a whole number from \\d+ to \\d+$`));
      expect(e.hint).toContain(compression === 'zstd' ? 'zstd levels: 1' : 'gzip levels: 1');
    }
  });

  test('the range named in the message is the one for the format', () => {
    expect(azaErrorOf(() => settings({ format: 'custom', 'compression-level': '12' })).message).toBe(
      'Invalid --compression-level "12": expected a whole number from 0 to 9',
    );
    expect(azaErrorOf(() => settings({ 'compression-level': '0' })).message).toBe(
      'Invalid --compression-level "0": expected a whole number from 1 to 9',
    );
    expect(azaErrorOf(() => settings({ compression: 'zstd', 'compression-level': '25' })).message).toBe(
      'Invalid --compression-level "25": expected a whole number from 1 to 19',
    );
  });

  test('a level with compression none is refused', () => {
    const e = azaErrorOf(() => settings({ compression: 'none', 'compression-level': '5' }));
    expect([e.code, e.message]).toEqual(['INVALID_INPUT', '--compression-level makes no sense with compression none']);
  });

  test('a non-number level is refused', () => {
    expect(azaErrorOf(() => settings({ 'compression-level': 'fast' })).message).toBe(
      'Invalid --compression-level "fast": expected a whole number',
    );
  });
});

describe('artifact upload (action only)', () => {
  test('retention-days bounds 1-90', () => {
    const ok = (d: string) => settings({ 'upload-artifact': 'true', 'retention-days': d }, [], {}, 'action').upload;
    expect(ok('1')).toEqual({ retentionDays: 1 });
    expect(ok('90')).toEqual({ retentionDays: 90 });
    for (const bad of ['0', '91', '-3', 'week']) {
      const e = azaErrorOf(() => ok(bad));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toContain(`Invalid input "retention-days" "${bad}"`);
    }
    expect(azaErrorOf(() => ok('91')).hint).toContain('1 to 90 days');
  });

  test('name and retention need upload-artifact: true', () => {
    expect(azaErrorOf(() => settings({ 'artifact-name': 'x' }, [], {}, 'action')).code).toBe('INVALID_INPUT');
    expect(azaErrorOf(() => settings({ 'retention-days': '5' }, [], {}, 'action')).message).toContain('need input "upload-artifact": true');
    expect(settings({ 'upload-artifact': 'true', 'artifact-name': 'nightly' }, [], {}, 'action').upload).toEqual({ name: 'nightly' });
    expect(settings({ 'upload-artifact': 'false' }, [], {}, 'action').upload).toBeUndefined();
  });

  test('booleans accept true/false spellings only', () => {
    expect(settings({ overwrite: 'yes', 'dry-run': 'on' })).toMatchObject({ overwrite: true, dryRun: true });
    expect(azaErrorOf(() => settings({ overwrite: 'perhaps' })).message).toBe('Invalid --overwrite "perhaps": expected true or false');
  });
});

describe('connection: environment < connection URI < inputs', () => {
  const env = { PGHOST: 'envhost', PGPORT: '6000', PGUSER: 'envuser', PGPASSWORD: 'envpass', PGDATABASE: 'envdb', PGSSLMODE: 'prefer' };

  test('the libpq environment alone (the spec: PGHOST, PGPORT, PGUSER, PGPASSWORD)', () => {
    const s = settings({}, ['appdb'], env);
    expect(s.connection).toEqual({
      host: 'envhost',
      port: 6000,
      user: 'envuser',
      password: 'envpass',
      database: 'appdb',
      sslmode: 'prefer',
    });
  });

  test('the URI wins over the environment, inputs win over the URI', () => {
    const uri = 'postgresql://uriuser:uripass@urihost:7000/uridb?sslmode=require';
    const fromUri = settings({ 'connection-uri': uri }, [], env);
    expect(fromUri.connection).toEqual({
      host: 'urihost',
      port: 7000,
      user: 'uriuser',
      password: 'uripass',
      database: 'uridb',
      sslmode: 'require',
    });
    // The database named in the URI is the one backed up when none is given.
    expect(fromUri.database).toBe('uridb');

    const inputs = settings(
      {
        'connection-uri': uri,
        host: 'inhost',
        port: '8000',
        user: 'inuser',
        password: 'inpass',
        sslmode: 'verify-full',
        sslrootcert: '/ca.pem',
      },
      [],
      env,
      'action',
    );
    expect(inputs.connection).toEqual({
      host: 'inhost',
      port: 8000,
      user: 'inuser',
      password: 'inpass',
      database: 'uridb',
      sslmode: 'verify-full',
      sslrootcert: '/ca.pem',
    });
  });

  test('a database argument wins over the URI database', () => {
    const s = settings({ 'connection-uri': 'postgresql://u:p@h:5433/uridb' }, ['argdb']);
    expect([s.database, s.connection.database]).toEqual(['argdb', 'argdb']);
  });

  test('a URI without a database backs up postgres (not PGDATABASE)', () => {
    const s = settings({ 'connection-uri': 'postgresql://u@h' }, [], env);
    expect(s.database).toBe('postgres');
    expect(s.connection).toMatchObject({ host: 'h', user: 'u', port: 6000, password: 'envpass' });
  });

  test('percent-encoded user, password and database are decoded', () => {
    const s = settings({ 'connection-uri': 'postgresql://app%40corp:p%40ss%3Aw%2Fo%25rd%20x@db.example.com:5433/my%20db%C3%A4' });
    expect(s.connection).toMatchObject({
      user: 'app@corp',
      password: 'p@ss:w/o%rd x',
      host: 'db.example.com',
      port: 5433,
      database: 'my dbä',
    });
    expect(s.database).toBe('my dbä');
  });

  test('empty inputs do not erase the environment', () => {
    const s = settings({ host: '', port: '', user: '' }, [], env, 'action');
    expect(s.connection).toMatchObject({ host: 'envhost', port: 6000, user: 'envuser' });
  });

  test('bad ports and URIs', () => {
    expect(azaErrorOf(() => settings({ port: '70000' })).message).toBe('Invalid --port "70000": a port is a whole number from 1 to 65535');
    expect(azaErrorOf(() => settings({}, [], { PGPORT: 'abc' })).message).toBe(
      'Invalid PGPORT "abc": a port is a whole number from 1 to 65535',
    );
    expect(azaErrorOf(() => settings({ 'connection-uri': 'mysql://u@h/db' })).message).toBe(
      'The connection URI must start with postgresql:// (got mysql://)',
    );
    expect(azaErrorOf(() => settings({ 'connection-uri': 'not a uri' })).message).toBe('The connection URI is not a valid URI');
    // The password in a broken URI is not echoed back.
    const e = azaErrorOf(() => settings({ 'connection-uri': 'postgresql://u:Sup3rS3cret@h:99999/db' }));
    expect(e.describe()).not.toContain('Sup3rS3cret');
  });

  test('--pg-bin-dir is resolved against the working directory', () => {
    expect(settings({ 'pg-bin-dir': 'pg/bin' }).pgBinDir).toBe('/srv/work/pg/bin');
  });
});
