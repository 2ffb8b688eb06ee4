/** The docker command a client container's tool becomes: nothing secret in it, files mounted, umask kept. */
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientContainerBinDir, containerCommand, parseContainerTool } from '../../src/core/client-container.js';
import { clientBinDir, CONNECTION_OPTIONS } from '../../src/core/connection-options.js';
import { Inputs } from '../../src/core/inputs.js';
import { azaErrorOf } from '../harness/expect-errors.js';

const SECRET = 'pw-Zq8!never-in-argv';
const env = { PATH: '/usr/bin', PGHOST: '127.0.0.1', PGPORT: '5999', PGUSER: 'postgres', PGPASSWORD: SECRET, HOME: '/root' };

describe('client container', () => {
  test('a tool path of an image or container parses back; a bad name is refused', () => {
    expect(parseContainerTool(`${clientContainerBinDir('image', 'ghcr.io/x/postgres:17')}/pg_dump`)).toEqual({
      kind: 'image',
      ref: 'ghcr.io/x/postgres:17',
      tool: 'pg_dump',
    });
    expect(parseContainerTool('/usr/bin/pg_dump')).toBeUndefined();
    expect(azaErrorOf(() => clientContainerBinDir('image', '-v /:/host')).code).toBe('INVALID_INPUT');
  });

  test('docker run: the password passes by name only, output directory mounted at its path, umask 0077, host network', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aza-pg-cc-'));
    try {
      const c = containerCommand(
        'docker-image:postgres:17/pg_dump',
        ['--format=custom', `--file=${join(dir, 'x.dump')}`, 'shop'],
        env,
        0o077,
      )!;
      expect(c.cmd).toBe('docker');
      expect(c.args.join(' ')).not.toContain(SECRET);
      expect(c.args).toEqual(expect.arrayContaining(['-e', 'PGPASSWORD', '-e', 'PGHOST', '--network', 'host', '-v', `${dir}:${dir}`]));
      expect(c.args.filter((a) => a.startsWith('PGPASSWORD'))).toEqual(['PGPASSWORD']);
      expect(c.args).not.toContain('HOME');
      const image = c.args.indexOf('postgres:17');
      expect(c.args.slice(image + 1)).toEqual([
        '-c',
        'umask 0077 && exec "$0" "$@"',
        'pg_dump',
        '--format=custom',
        `--file=${join(dir, 'x.dump')}`,
        'shop',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('docker exec into a running container: no mounts, the password by name only', () => {
    const c = containerCommand('docker-container:db1/psql', ['-c', 'SELECT 1'], env)!;
    expect(c.args.slice(0, 2)).toEqual(['exec', '-i']);
    expect(c.args).not.toContain('-v');
    expect(c.args.join(' ')).not.toContain(SECRET);
    expect(c.args).toEqual(expect.arrayContaining(['-e', 'PGPASSWORD', 'db1', 'sh', '-c']));
  });

  test('pg-bin-dir, client-image and client-container exclude each other', () => {
    const inputs = new Inputs({ 'pg-bin-dir': '/opt/pg/bin', 'client-image': 'postgres:17' }, 'cli', CONNECTION_OPTIONS);
    const e = azaErrorOf(() => clientBinDir(inputs, '/'));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('--pg-bin-dir and --client-image');
    expect(clientBinDir(new Inputs({ 'client-container': 'db1' }, 'cli', CONNECTION_OPTIONS), '/')).toBe('docker-container:db1');
    expect(clientBinDir(new Inputs({ 'pg-bin-dir': 'bin' }, 'cli', CONNECTION_OPTIONS), '/w')).toBe('/w/bin');
  });
});
