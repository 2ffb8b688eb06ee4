/**
 * Compresses a file with ParallelGzip at the level given and prints the compressed size: run under
 * bun by the gzip test, to compare with the same file compressed under node.
 */
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ParallelGzip } from '../../src/core/compress.js';

export async function gzipSize(path: string, level: number): Promise<number> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, callback) {
      bytes += chunk.length;
      callback();
    },
  });
  await pipeline(createReadStream(path), new ParallelGzip({ level }), sink);
  return bytes;
}

if (process.argv[1]?.endsWith('gzip-size.ts')) {
  // One size a line, for each level given after the file.
  for (const level of process.argv.slice(3)) process.stdout.write(`${await gzipSize(process.argv[2]!, Number(level))}\n`);
}
