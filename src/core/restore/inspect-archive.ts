/**
 * An archive (custom, directory, tar) read in full: its files against the manifest, then
 * pg_restore's TOC and the SQL it would send, judged by the guard unless --trust-backup.
 */
import { promises as fsp } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { AzaError, toAzaError } from '../errors.js';
import { run, runPipeline } from '../exec.js';
import { sha256File } from '../fs.js';
import { directoryDigestInput, type BackupManifest, type ManifestFile } from '../manifest.js';
import { requireTool } from '../pg-tools.js';
import { checkAgainstManifest, integrityError, manifestMismatch } from './backup-faults.js';
import { parseTocList } from './dump-facts.js';
import type { InspectOptions } from './inspect-options.js';
import { BackupRefusedError, GuardSink } from './sql-guard.js';

export async function inspectArchive(
  path: string,
  format: 'custom' | 'directory' | 'tar',
  isDir: boolean,
  size: number,
  manifest: BackupManifest | undefined,
  opts: InspectOptions,
) {
  let sizeBytes = size;
  let sha256: string;
  if (isDir) {
    const files: ManifestFile[] = [];
    for (const name of (await fsp.readdir(path)).sort()) {
      const p = join(path, name);
      const s = await fsp.stat(p);
      if (!s.isFile()) continue;
      files.push({ path: name, sizeBytes: s.size, sha256: manifest?.files ? await sha256File(p) : '' });
    }
    sizeBytes = files.reduce((sum, f) => sum + f.sizeBytes, 0);
    if (manifest?.files) {
      const have = new Map(files.map((f) => [f.path, f]));
      for (const want of manifest.files) {
        const got = have.get(want.path);
        if (!got) throw manifestMismatch(path, `${want.path} is missing from the directory`);
        if (got.sizeBytes !== want.sizeBytes || got.sha256 !== want.sha256)
          throw manifestMismatch(
            path,
            `${want.path} differs (size ${got.sizeBytes}, manifest ${want.sizeBytes}; sha256 ${got.sha256.slice(0, 12)}…, manifest ${want.sha256.slice(0, 12)}…)`,
          );
      }
      const listed = new Set(manifest.files.map((f) => f.path));
      const extra = files.filter((f) => !listed.has(f.path)).map((f) => f.path);
      if (extra.length) throw manifestMismatch(path, `files not in the manifest: ${extra.join(', ')}`);
      sha256 = createHash('sha256').update(directoryDigestInput(files)).digest('hex');
      if (sha256 !== manifest.sha256) throw manifestMismatch(path, `directory digest ${sha256}, the manifest says ${manifest.sha256}`);
    } else {
      sha256 = createHash('sha256')
        .update(directoryDigestInput(await Promise.all(files.map(async (f) => ({ ...f, sha256: await sha256File(join(path, f.path)) })))))
        .digest('hex');
    }
  } else {
    sha256 = await sha256File(path);
    if (manifest) checkAgainstManifest(path, manifest, size, sha256);
  }

  // The newest pg_restore reads every archive version; the TOC first, then every data block.
  const pgRestore = await requireTool('pg_restore', undefined, { binDir: opts.pgBinDir, env: opts.env });
  const list = await run(pgRestore.path, ['--list', path], { env: opts.env, allowFailure: true });
  if (list.code !== 0) throw archiveError(path, list.stderr, pgRestore.version);
  const toc = parseTocList(list.stdout);
  if (opts.trustBackup) {
    const full = await run(pgRestore.path, ['--file=/dev/null', path], { env: opts.env, allowFailure: true });
    if (full.code !== 0) throw archiveError(path, full.stderr, pgRestore.version);
  } else {
    // The SQL pg_restore would send, every TOC entry and data block (with the DROPs of
    // into-existing's --clean): a tampered entry can carry what a plain script can.
    const guard = new GuardSink();
    let stderr = '';
    try {
      await runPipeline(
        [{ kind: 'process', cmd: pgRestore.path, args: ['--clean', '--if-exists', '--file=-', path], env: opts.env }],
        guard,
        {
          onStderr: (_s, text) => {
            if (stderr.length < 64 * 1024) stderr += text;
          },
        },
      );
    } catch (e) {
      const err = toAzaError(e);
      if (err.code === 'TOOL_NOT_FOUND') throw err;
      throw archiveError(path, stderr || err.message, pgRestore.version);
    }
    if (guard.refusal) throw new BackupRefusedError(path, guard.refusal);
  }
  return {
    format,
    compression: 'archive' as const,
    sizeBytes,
    sha256,
    ...(toc.dumpedFrom ? { dumpedFrom: toc.dumpedFrom } : {}),
    ...(toc.dumpedBy ? { dumpedBy: toc.dumpedBy } : {}),
    usesRestrict: false,
    extensions: toc.extensions,
    tocEntries: toc.entries,
  };
}

function archiveError(path: string, stderr: string, pgRestoreVersion: string): AzaError {
  const text = stderr
    .trim()
    .split('\n')
    .filter(Boolean)
    .slice(0, 3)
    .join(' ')
    .replace(/^pg_restore: (error: )?/, '');
  if (/unsupported version/.test(text)) {
    return new AzaError(
      'TOOL_TOO_OLD',
      `pg_restore ${pgRestoreVersion} cannot read ${path}: ${text}`,
      'The archive was written by a newer pg_dump. Install a pg_restore at least as new (postgresql-client-N) and pass its directory with --pg-bin-dir.',
    );
  }
  return integrityError(path, `pg_restore cannot read it in full (${text})`);
}
