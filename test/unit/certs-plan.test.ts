import { describe, expect, test } from '@jest/globals';
import { overwriteConfirmation, planCerts, BACKDATE_MS, type CertFacts } from '../../src/core/certs/plan.js';
import type { GenerateSettings } from '../../src/core/certs/settings.js';
import { azaErrorOf } from '../harness/expect-errors.js';

const NOW = new Date('2026-01-15T12:00:00Z');
const settings = (over: Partial<GenerateSettings> = {}): GenerateSettings => ({
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
  ...over,
});
const emptyDir: CertFacts = { now: NOW, dir: { kind: 'directory', writable: true }, entries: {} };

describe('planCerts', () => {
  test('self-signed: the spec files, modes and subject; ca.crt is a copy of server.crt', () => {
    const plan = planCerts(settings(), emptyDir);
    expect(plan.files.map((f) => [f.name, f.path, f.mode.toString(8), `${f.content.kind}:${f.content.of}`])).toEqual([
      ['server.key', 'stacks/primary/certs/server.key', '600', 'key:server'],
      ['server.crt', 'stacks/primary/certs/server.crt', '644', 'cert:server'],
      ['ca.crt', 'stacks/primary/certs/ca.crt', '644', 'cert:server'],
    ]);
    expect(plan.certificates).toEqual([
      {
        id: 'server',
        role: 'server',
        subject: { CN: 'postgres.local', O: 'PostgreSQL', C: 'US' },
        issuer: 'self',
        dnsNames: ['postgres.local', 'localhost'],
        ipAddresses: ['127.0.0.1', '::1'],
        keyFile: 'server.key',
        certFile: 'server.crt',
        certCopies: ['ca.crt'],
      },
    ]);
    expect(plan).toMatchObject({ createDir: false, conflicts: [], overwrite: false, mode: 'self-signed', days: 3650 });
  });

  test('validity: from a few minutes before now for `days` days', () => {
    const plan = planCerts(settings({ days: 365 }), emptyDir);
    expect(plan.notBefore.getTime()).toBe(NOW.getTime() - BACKDATE_MS);
    expect(plan.notAfter.toISOString()).toBe('2027-01-15T12:00:00.000Z');
  });

  test('ca mode: CA first, then the server and one client per user, each key 0600', () => {
    const plan = planCerts(settings({ mode: 'ca', clientUsers: ['app', 'ci@corp'], key: { kind: 'ec', curve: 'P-256' } }), emptyDir);
    expect(plan.certificates.map((c) => [c.id, c.issuer, c.subject.CN, c.keyFile, c.certFile])).toEqual([
      ['ca', 'self', 'postgres.local CA', 'ca.key', 'ca.crt'],
      ['server', 'ca', 'postgres.local', 'server.key', 'server.crt'],
      ['client:app', 'ca', 'app', 'client-app.key', 'client-app.crt'],
      ['client:ci@corp', 'ca', 'ci@corp', 'client-ci@corp.key', 'client-ci@corp.crt'],
    ]);
    expect(plan.certificates[2]).toMatchObject({ dnsNames: [], ipAddresses: [], certCopies: [] });
    expect(plan.files.filter((f) => f.content.kind === 'key').every((f) => f.mode === 0o600)).toBe(true);
    expect(plan.files.filter((f) => f.content.kind === 'cert').every((f) => f.mode === 0o644)).toBe(true);
    expect(plan.files.map((f) => f.name)).toEqual([
      'ca.key',
      'ca.crt',
      'server.key',
      'server.crt',
      'client-app.key',
      'client-app.crt',
      'client-ci@corp.key',
      'client-ci@corp.crt',
    ]);
  });

  test('a CA name that would pass the CN limit falls back to a fixed one', () => {
    const host = `${'a'.repeat(60)}.com`;
    const plan = planCerts(settings({ mode: 'ca', hostname: host, dnsNames: [host] }), emptyDir);
    expect(plan.certificates[0]!.subject.CN).toBe('PostgreSQL CA');
    expect(plan.certificates[1]!.subject.CN).toBe(host);
  });

  test('a missing directory is created; existing certificates are conflicts, other files are not', () => {
    expect(
      planCerts(settings(), {
        now: NOW,
        dir: { kind: 'missing', nearestExisting: '/srv', nearestIsDirectory: true, writable: true },
        entries: {},
      }).createDir,
    ).toBe(true);
    const plan = planCerts(settings(), { ...emptyDir, entries: { 'server.crt': 'file', 'ca.crt': 'file', 'README.md': 'file' } });
    expect(plan.conflicts).toEqual(['server.crt', 'ca.crt']);
    expect(plan.leftovers).toEqual([]);
  });

  test('files of an earlier CA set that a self-signed plan leaves behind are named', () => {
    const entries = {
      'ca.key': 'file',
      'ca.crt': 'file',
      'server.key': 'file',
      'server.crt': 'file',
      'client-app.crt': 'file',
      'client-app.key': 'file',
      'notes.txt': 'file',
    } as const;
    expect(planCerts(settings(), { ...emptyDir, entries }).leftovers).toEqual(['ca.key', 'client-app.crt', 'client-app.key']);
    expect(planCerts(settings({ mode: 'ca', clientUsers: ['app'] }), { ...emptyDir, entries }).leftovers).toEqual([]);
    expect(planCerts(settings({ mode: 'ca' }), { ...emptyDir, entries }).leftovers).toEqual(['client-app.crt', 'client-app.key']);
  });

  test('conflicts need confirmation: the spec prompt, y to replace, CERTS_EXIST where no one answers', () => {
    const plan = planCerts(settings(), { ...emptyDir, entries: { 'server.key': 'file' } });
    const c = overwriteConfirmation(plan)!;
    expect(c.question).toBe('Overwrite existing certificates? (y/N) ');
    expect(['y', 'Y\n', 'yes', '', 'n', 'whatever'].map((a) => c.accept(a))).toEqual([true, true, true, false, false, false]);
    for (const e of [c.unanswered, c.cannotAsk!]) {
      expect(e.code).toBe('CERTS_EXIST');
      expect(e.message).toContain('Certificates already exist in stacks/primary/certs');
      expect(e.hint).toContain('mv stacks/primary/certs stacks/primary/certs.old');
    }
    expect(c.cannotAsk!.message).toBe('Certificates already exist in stacks/primary/certs (server.key); nothing was written');
    expect(c.declined.code).toBe('ABORTED');
    expect(overwriteConfirmation({ ...plan, overwrite: true })).toBeUndefined();
    expect(
      overwriteConfirmation(planCerts(settings({ overwrite: true }), { ...emptyDir, entries: { 'server.key': 'file' } })),
    ).toBeUndefined();
    expect(overwriteConfirmation(planCerts(settings(), emptyDir))).toBeUndefined();
  });

  test('refuses a path that is a file, a parent that is a file, a directory it cannot write, a non-file in the way', () => {
    expect(azaErrorOf(() => planCerts(settings(), { now: NOW, dir: { kind: 'not-directory' }, entries: {} })).code).toBe(
      'OUTPUT_NOT_DIRECTORY',
    );
    expect(
      azaErrorOf(() =>
        planCerts(settings(), {
          now: NOW,
          dir: { kind: 'missing', nearestExisting: '/srv/file', nearestIsDirectory: false, writable: false },
          entries: {},
        }),
      ).message,
    ).toBe('Cannot create stacks/primary/certs: /srv/file is a file, not a directory');
    const ro = azaErrorOf(() => planCerts(settings(), { now: NOW, dir: { kind: 'directory', writable: false }, entries: {} }));
    expect(ro.code).toBe('OUTPUT_DIR_NOT_WRITABLE');
    expect(ro.hint).toContain('Nothing was written');
    expect(
      azaErrorOf(() =>
        planCerts(settings(), {
          now: NOW,
          dir: { kind: 'missing', nearestExisting: '/ro', nearestIsDirectory: true, writable: false },
          entries: {},
        }),
      ).message,
    ).toBe('Certificate directory not writable: /ro');
    const blocked = azaErrorOf(() => planCerts(settings(), { ...emptyDir, entries: { 'server.key': 'other' } }));
    expect(blocked.code).toBe('OUTPUT_EXISTS');
    expect(blocked.message).toContain('server.key');
  });

  test('a host name longer than a CN may be', () => {
    const host = `${'a'.repeat(61)}.com`;
    expect(azaErrorOf(() => planCerts(settings({ hostname: host, dnsNames: [host] }), emptyDir)).code).toBe('INVALID_HOSTNAME');
  });
});
