/**
 * OneTransaction: the script's COMMIT is sent only when the whole backup came through; a stream
 * cut short (a killed or failed restore) ends without it, so psql's transaction is rolled back.
 */
import { describe, expect, test } from '@jest/globals';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OneTransaction } from '../../src/core/restore/load.js';

function collect(): { sink: Writable; text: () => string } {
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      parts.push(Buffer.from(chunk));
      cb();
    },
  });
  return { sink, text: () => Buffer.concat(parts).toString('utf8') };
}

describe('OneTransaction', () => {
  test('wraps a complete script in BEGIN and COMMIT', async () => {
    const { sink, text } = collect();
    await pipeline(
      Readable.from([Buffer.from('CREATE TABLE t (a int);\n'), Buffer.from('INSERT INTO t VALUES (1);\n')]),
      new OneTransaction(),
      sink,
    );
    expect(text()).toBe('BEGIN;\nCREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n\nCOMMIT;\n');
  });

  test('an empty script is still one (empty) transaction', async () => {
    const { sink, text } = collect();
    await pipeline(Readable.from([]), new OneTransaction(), sink);
    expect(text()).toBe('BEGIN;\n\nCOMMIT;\n');
  });

  test('a stream that fails midway never sends COMMIT', async () => {
    const { sink, text } = collect();
    async function* cut() {
      yield Buffer.from('CREATE TABLE t (a int);\n');
      throw new Error('the backup ended early');
    }
    await expect(pipeline(Readable.from(cut()), new OneTransaction(), sink)).rejects.toThrow('the backup ended early');
    expect(text()).toBe('BEGIN;\nCREATE TABLE t (a int);\n');
  });
});
