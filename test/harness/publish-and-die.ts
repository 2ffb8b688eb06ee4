/**
 * A process that publishes a set of files and kills itself (SIGKILL, no handler runs) right after
 * the given number of them is in place: the crash points of publishFileSet, one by one.
 * Input on stdin: {"files": [{path, mode, content}], "killAfter": n}.
 */
import { readFileSync } from 'node:fs';
import { publishFileSet, type FileToPublish } from '../../src/core/file-set.js';

const { files, killAfter } = JSON.parse(readFileSync(0, 'utf8')) as { files: FileToPublish[]; killAfter: number };
let placed = 0;
publishFileSet(files, {
  overwrite: true,
  createDir: false,
  onPlaced: () => {
    if (++placed === killAfter) process.kill(process.pid, 'SIGKILL');
  },
});
