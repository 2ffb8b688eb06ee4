/**
 * A process that publishes a set of files and kills itself (SIGKILL, no handler runs) at a given
 * point: the crash points of publishFileSet (after `killAfter` files are in place) or, with
 * `certSet`, of publishCertSet (after its `killAfter`-th durable step; each step's name is
 * written to stdout first, so the test knows where it died).
 * Input on stdin: {"files": [{path, mode, content}], "killAfter": n, "certSet"?: true}.
 */
import { readFileSync, writeSync } from 'node:fs';
import { publishCertSet } from '../../src/core/cert-set.js';
import { publishFileSet, type FileToPublish } from '../../src/core/file-set.js';

const { files, killAfter, certSet } = JSON.parse(readFileSync(0, 'utf8')) as {
  files: FileToPublish[];
  killAfter: number;
  certSet?: boolean;
};
let placed = 0;
const count = (step: string) => {
  writeSync(1, `${step}\n`);
  if (++placed === killAfter) process.kill(process.pid, 'SIGKILL');
};
if (certSet) publishCertSet(files, { overwrite: true, createDir: false, onStep: count });
else publishFileSet(files, { overwrite: true, createDir: false, onPlaced: count });
