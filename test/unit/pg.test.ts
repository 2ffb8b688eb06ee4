/**
 * The connection model without a server: URIs, precedence, the child environment, pgpass
 * matching, psql output parsing and the mapping of libpq failures to errors a user can act on.
 */
import { describe, expect, test } from '@jest/globals';
import {
  connectionError,
  describeConnection,
  libpqEnv,
  parseConnectionUri,
  parseRows,
  parseServerFacts,
  passwordAvailable,
  pgpassHasEntry,
  quoteIdent,
  quoteLiteral,
  resolveConnection,
  type Connection,
} from '../../src/core/pg.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const conn: Connection = { host: 'db.example.com', port: 5433, user: 'app', database: 'sales', password: 'S3cr3t:pw' };

describe('parseConnectionUri', () => {
  test('all parts, percent-decoded', () => {
    expect(
      parseConnectionUri('postgresql://us%20er:p%40ss%3Aword%2F%25@host.example:6543/db%20name?sslmode=verify-full&sslrootcert=/ca.pem'),
    ).toEqual({
      host: 'host.example',
      port: 6543,
      user: 'us er',
      password: 'p@ss:word/%',
      database: 'db name',
      sslmode: 'verify-full',
      sslrootcert: '/ca.pem',
    });
  });

  test('postgres:// is accepted; IPv6 host brackets are dropped', () => {
    expect(parseConnectionUri('postgres://u@[::1]:5432/d')).toEqual({ host: '::1', port: 5432, user: 'u', database: 'd' });
  });

  test('query parameters (host for a socket directory, dbname, password)', () => {
    expect(parseConnectionUri('postgresql:///x?host=/var/run/postgresql&port=5434&user=bob&password=pw&dbname=y')).toEqual({
      host: '/var/run/postgresql',
      port: 5434,
      user: 'bob',
      password: 'pw',
      database: 'y',
    });
  });

  test('bad sslmode in the URI', () => {
    expect(() => parseConnectionUri('postgresql://h/d?sslmode=always')).toThrow('Invalid sslmode in the connection URI "always"');
  });
});

describe('resolveConnection', () => {
  test('defaults from the spec', () => {
    expect(resolveConnection({})).toEqual({ host: 'localhost', port: 5432, user: 'postgres', database: 'postgres' });
  });

  test('env < URI < inputs, field by field', () => {
    const c = resolveConnection({
      env: { PGHOST: 'e', PGPORT: '1', PGUSER: 'eu', PGPASSWORD: 'ep', PGSSLMODE: 'disable', PGSSLROOTCERT: '/e.pem' },
      uri: 'postgresql://uu:up@uh:2/ud',
      inputs: { user: 'iu', sslmode: 'require' },
    });
    expect(c).toEqual({ host: 'uh', port: 2, user: 'iu', password: 'up', database: 'ud', sslmode: 'require', sslrootcert: '/e.pem' });
  });
});

describe('libpqEnv: the child environment', () => {
  test('inherited libpq settings are dropped; the connection is set exactly', () => {
    const env = libpqEnv(conn, {
      PATH: '/bin',
      HOME: '/root',
      PGHOST: 'wrong',
      PGSERVICE: 'svc',
      PGOPTIONS: '-c x=y',
      PGSSLMODE: 'disable',
    });
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/root',
      PGHOST: 'db.example.com',
      PGPORT: '5433',
      PGUSER: 'app',
      PGDATABASE: 'sales',
      PGAPPNAME: 'aza-pg',
      PGCONNECT_TIMEOUT: '10',
      PGPASSWORD: 'S3cr3t:pw',
    });
  });

  test('a database override, TLS settings, and a caller connect timeout', () => {
    const env = libpqEnv(
      { ...conn, password: undefined, sslmode: 'verify-ca', sslrootcert: '/ca.pem' },
      { PGCONNECT_TIMEOUT: '3' },
      'a=b dbname=other',
    );
    expect(env.PGDATABASE).toBe('a=b dbname=other');
    expect(env.PGPASSWORD).toBeUndefined();
    expect([env.PGSSLMODE, env.PGSSLROOTCERT, env.PGCONNECT_TIMEOUT]).toEqual(['verify-ca', '/ca.pem', '3']);
  });
});

describe('describeConnection never shows the password', () => {
  test.each([
    [conn, 'app@db.example.com:5433/sales'],
    [{ ...conn, host: '/var/run/postgresql' }, 'app@socket /var/run/postgresql:5433/sales'],
    [{ ...conn, host: '::1' }, 'app@[::1]:5433/sales'],
  ])('%j', (c, text) => {
    expect(describeConnection(c)).toBe(text);
    expect(describeConnection(c)).not.toContain('S3cr3t');
  });
});

describe('pgpassHasEntry', () => {
  const c: Connection = { host: 'db.example.com', port: 5432, user: 'admin', database: 'prod' };
  test.each([
    ['db.example.com:5432:prod:admin:pw', true],
    ['*:*:*:*:pw', true],
    ['db.example.com:*:*:admin:pw', true],
    ['db.example.com:5433:prod:admin:pw', false],
    ['other:5432:prod:admin:pw', false],
    ['db.example.com:5432:prod:someone:pw', false],
    ['db.example.com:5432:other:admin:pw', false],
    ['# db.example.com:5432:prod:admin:pw', false],
    ['db.example.com:5432:prod:admin', false],
    ['', false],
    ['\n\n*:*:prod:admin:pw\r\n', true],
  ])('%j -> %s', (content, expected) => {
    expect(pgpassHasEntry(content, c)).toBe(expected);
  });

  test('escaped colons and backslashes in fields', () => {
    const v6: Connection = { host: 'fe80::1', port: 5432, user: 'a:b', database: 'x\\y' };
    expect(pgpassHasEntry('fe80\\:\\:1:5432:x\\\\y:a\\:b:pw', v6)).toBe(true);
    expect(pgpassHasEntry('fe80::1:5432:x\\\\y:a\\:b:pw', v6)).toBe(false);
  });

  test('a socket directory matches "localhost"', () => {
    expect(pgpassHasEntry('localhost:5432:*:admin:pw', { ...c, host: '/var/run/postgresql' })).toBe(true);
    expect(pgpassHasEntry('localhost:5432:*:admin:pw', c)).toBe(false);
  });

  test('passwordAvailable reads the pgpass file named by PGPASSFILE or HOME', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aza-pgpass-'));
    try {
      const file = join(dir, '.pgpass');
      expect(passwordAvailable(c, { HOME: dir })).toBe(false);
      writeFileSync(file, 'db.example.com:5432:*:admin:pw\n', { mode: 0o600 });
      expect(passwordAvailable(c, { HOME: dir })).toBe(true);
      expect(passwordAvailable({ ...c, user: 'other' }, { HOME: dir })).toBe(false);
      expect(passwordAvailable(c, { HOME: '/nonexistent', PGPASSFILE: file })).toBe(true);
      expect(passwordAvailable({ ...c, password: 'x' }, { HOME: '/nonexistent' })).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseRows (psql -A -t with unit and record separators)', () => {
  test('rows and fields, including empty fields, newlines and pipes in values', () => {
    const text = `a\x1fb|c\x1f\x1ene\nw\x1fline\x1f\x1e\x1f\x1fz\n`;
    expect(parseRows(text)).toEqual([
      ['a', 'b|c', ''],
      ['ne\nw', 'line', ''],
      ['', '', 'z'],
    ]);
  });

  test('no rows', () => {
    expect(parseRows('')).toEqual([]);
    expect(parseRows('\n')).toEqual([]);
  });

  test('one value', () => {
    expect(parseRows('42\n')).toEqual([['42']]);
  });
});

describe('quoting', () => {
  test('identifiers and literals double their quotes', () => {
    expect(quoteIdent('my "table"')).toBe('"my ""table"""');
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });
});

describe('parseServerFacts', () => {
  test('a 15.x server', () => {
    expect(parseServerFacts(['150018', '15.18 (Debian 15.18-0+deb12u1)', '7312345678901234567', 'false', '8000000'])).toEqual({
      versionNum: 150018,
      major: 15,
      version: '15.18',
      systemIdentifier: '7312345678901234567',
      inRecovery: false,
      databaseSizeBytes: 8000000,
    });
  });
  test('a standby without pg_control access', () => {
    expect(parseServerFacts(['170002', '17.2', '', 'true', ''])).toMatchObject({
      major: 17,
      inRecovery: true,
      systemIdentifier: undefined,
      databaseSizeBytes: undefined,
    });
  });
});

describe('connectionError maps libpq messages', () => {
  test('no password supplied -> the spec error', () => {
    const e = connectionError(
      'psql: error: connection to server at "db.example.com", port 5433 failed: fe_sendauth: no password supplied',
      { ...conn, password: undefined },
    );
    expect([e.code, e.message]).toEqual(['PASSWORD_REQUIRED', 'PGPASSWORD environment variable required']);
    expect(e.hint).toContain('~/.pgpass');
    expect(e.hint).toContain('db.example.com:5433:*:app:password');
  });

  test('wrong password: the password is not in the error', () => {
    const e = connectionError('psql: error: FATAL:  password authentication failed for user "app" (tried S3cr3t:pw)', conn);
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.describe()).not.toContain('S3cr3t:pw');
  });

  test('unknown database, refused connection, TLS', () => {
    expect(connectionError('FATAL:  database "nope" does not exist', conn).message).toBe(
      'Database "nope" does not exist on db.example.com:5433',
    );
    const refused = connectionError(
      'psql: error: connection to server at "127.0.0.1", port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?',
      conn,
    );
    expect(refused.code).toBe('CONNECTION_FAILED');
    expect(refused.message).toBe(
      'Cannot connect to PostgreSQL at app@db.example.com:5433/sales: connection to server at "127.0.0.1", port 1 failed: Connection refused',
    );
    expect(refused.hint).toContain('pg_isready -h db.example.com -p 5433');
    expect(connectionError('psql: error: server does not support SSL, but SSL was required', conn).code).toBe('TLS_FAILED');
  });
});
