/**
 * Which program deflates and inflates gzip streams outside pg_dump.
 *
 * ISA-L's igzip (Debian and Ubuntu package `isal`) writes ordinary gzip streams much faster than
 * zlib. Measured on this project's benchmark data (2 cores): on a text-heavy dump it deflates at
 * its level 1 in about a third of the CPU of pg_dump's zlib level 1 and writes a file 7% smaller
 * (about zlib's level 6 size); it inflates 3-10x faster than gzip or pigz. Where it is missing,
 * pg_dump deflates and zlib inflates, as before.
 */
import { createGunzip } from 'node:zlib';
import { findOnPath, type Stage } from './exec.js';

/** igzip's level for a default plain backup: its fastest that still matches zlib's level 6 size. */
export const IGZIP_LEVEL = 1;

/** The igzip on the PATH of `env`, if any. */
export function findIgzip(env: NodeJS.ProcessEnv): string | undefined {
  return findOnPath('igzip', env.PATH);
}

/** The stage that deflates stdin to stdout at `level` (a kernel pipe after pg_dump). */
export function igzipStage(igzip: string, level: number): Stage {
  return { kind: 'process', cmd: igzip, args: ['-c', `-${level}`] };
}

/**
 * The inflating process of a kernel pipeline (the backup's read-back, whose output goes on to
 * other processes): igzip, else pigz (about 2x gzip's speed), else gzip.
 */
export function gunzipProcess(igzip: string | undefined, path: string | undefined): Stage {
  return { kind: 'process', cmd: igzip ?? (findOnPath('pigz', path) ? 'pigz' : 'gzip'), args: ['-d', '-c'] };
}

/**
 * The stage that inflates a gzip stream and checks every member's CRC and length: igzip where
 * installed, else zlib in this process (about 2.5x faster than the gzip program).
 */
export function gunzipStage(igzip: string | undefined, chunkSize?: number): Stage {
  // (Its stdin is a socket, which /dev/stdin cannot open: its errors name the input "(null)".)
  if (igzip) return gunzipProcess(igzip, undefined);
  return { kind: 'transform', name: 'gunzip', stream: createGunzip(chunkSize ? { chunkSize } : {}), freshBuffers: true };
}
