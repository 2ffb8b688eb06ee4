/**
 * A --pg-bin-dir whose pg_dump (the real one, wrapped) writes its first bytes and then holds the
 * rest until the test releases it: a test that must act while a dump is under way (an upload open,
 * a temp file growing) gets that moment for certain, however fast the real dump would be.
 */
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster } from '../../src/core/cluster.js';

export interface HeldPgDump {
  binDir: string;
  /** Lets the held dump go on (idempotent). */
  release(): void;
}

/** `firstMiB` MiB of pg_dump's output pass at once; the rest waits for release(). */
export function heldPgDump(cluster: Cluster, dir: string, firstMiB = 12): HeldPgDump {
  mkdirSync(dir, { recursive: true });
  const gate = join(dir, 'released');
  if (!existsSync(join(dir, 'psql'))) symlinkSync(cluster.tool('psql'), join(dir, 'psql'));
  const real = cluster.tool('pg_dump');
  // dd iflag=fullblock passes exactly firstMiB MiB (head -c could read past it and lose bytes).
  // A test that kills the backup releases it after, so the wrapper's pipeline ends (EPIPE).
  writeFileSync(
    join(dir, 'pg_dump'),
    [
      '#!/bin/bash',
      `for a in "$@"; do [ "$a" = --version ] && exec ${real} "$@"; done`,
      'set -o pipefail',
      `${real} "$@" | { dd bs=1048576 count=${firstMiB} iflag=fullblock status=none || exit; `,
      `  for _ in $(seq 1 3000); do [ -e ${gate} ] && break; sleep 0.02; done; cat; }`,
      '',
    ].join('\n'),
  );
  chmodSync(join(dir, 'pg_dump'), 0o755);
  return { binDir: dir, release: () => writeFileSync(gate, '') };
}
