/**
 * The object store module against a real S3-compatible server (versitygw on 127.0.0.1, see
 * test/harness/s3-server.ts): small and multipart puts with SHA-256 checksums, read-back, list,
 * delete, no overwrite without asking, and the failures a user meets (wrong credentials, missing
 * bucket, a server that is down or goes away mid-upload), each with its catalogue code and no
 * multipart upload left open.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { AzaError } from '../../src/core/errors.js';
import { ObjectStore, MIN_PART_BYTES, type UploadHandle } from '../../src/core/object-store/index.js';
import { S3Server, s3Describe } from '../harness/s3-server.js';

const describeS3 = await s3Describe();

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AzaError);
    return (e as AzaError).code;
  }
  throw new Error('expected a failure');
}

/** Deterministic bytes that do not compress to nothing. */
function bytes(n: number, seed = 1): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i + 4 <= n; i += 4) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.writeUInt32LE(x, i);
  }
  return out;
}

/** Starts an upload of `size` bytes under `prefix` that stays open; resolves once the store lists it. */
async function openUpload(store: ObjectStore, prefix: string, size: number): Promise<{ up: UploadHandle; body: PassThrough }> {
  const body = new PassThrough();
  const up = await store.upload(`${prefix}x.bin`, body, { overwrite: false });
  body.write(bytes(size));
  for (let i = 0; i < 200 && (await store.listMultipartUploads(prefix)).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect((await store.listMultipartUploads(prefix)).length).toBe(1);
  return { up, body };
}

describeS3('object store against versitygw', () => {
  let server: S3Server;
  let store: ObjectStore;

  beforeAll(async () => {
    server = await S3Server.start();
    await server.createBucket('aza-test');
    store = new ObjectStore(server.config(), 'aza-test');
  });
  afterAll(async () => {
    store?.close();
    await server?.close();
  });

  test('a small put is read back, listed, refused a second time without overwrite, replaced with it, deleted', async () => {
    await store.checkBucket('small/');
    const put = await store.putObject('small/a.json', '{"a":1}\n', { overwrite: false, contentType: 'application/json' });
    expect(put.url).toBe('s3://aza-test/small/a.json');
    // The SHA-256 the store computed and checked is the one of the bytes sent.
    expect(put.checksumSha256).toBe(createHash('sha256').update('{"a":1}\n').digest('base64'));
    const head = await store.head('small/a.json');
    expect(head?.sizeBytes).toBe(8);
    expect((await readAll((await store.get('small/a.json')).body)).toString()).toBe('{"a":1}\n');

    expect(await codeOf(store.putObject('small/a.json', 'other', { overwrite: false }))).toBe('S3_OBJECT_EXISTS');
    expect((await readAll((await store.get('small/a.json')).body)).toString()).toBe('{"a":1}\n');
    await store.putObject('small/a.json', 'other', { overwrite: true });
    expect((await readAll((await store.get('small/a.json')).body)).toString()).toBe('other');

    await store.putObject('small/b.json', 'b', { overwrite: false });
    expect((await store.list('small/')).map((o) => o.key)).toEqual(['small/a.json', 'small/b.json']);
    await store.delete('small/a.json');
    expect(await store.head('small/a.json')).toBeUndefined();
    expect(await codeOf(store.get('small/a.json'))).toBe('S3_OBJECT_MISSING');
  });

  test('a streamed multipart upload (3 parts, SHA-256 per part) reads back byte for byte; a second one without overwrite is refused', async () => {
    const data = bytes(2 * MIN_PART_BYTES + 12345);
    const seen: number[] = [];
    const up = await store.upload('mp/big.bin', Readable.from([data.subarray(0, 1000), data.subarray(1000)]), {
      overwrite: false,
      onProgress: (n) => seen.push(n),
    });
    const r = await up.done;
    // A multipart object's checksum is of its parts' checksums: "<base64>-<parts>".
    expect(r.checksumSha256).toMatch(/-3$/);
    expect(seen.at(-1)).toBe(data.length);
    const back = await store.get('mp/big.bin');
    expect(back.sizeBytes).toBe(data.length);
    expect(
      createHash('sha256')
        .update(await readAll(back.body))
        .digest('hex'),
    ).toBe(createHash('sha256').update(data).digest('hex'));

    expect(await codeOf(store.upload('mp/big.bin', Readable.from([data]), { overwrite: false }))).toBe('S3_OBJECT_EXISTS');
    expect(await store.listMultipartUploads('mp/')).toEqual([]);
  });

  test('an upload whose source fails after two parts is aborted in the store: no object, no open multipart upload', async () => {
    const { up, body } = await openUpload(store, 'fail/', 2 * MIN_PART_BYTES + 10);
    body.destroy(new AzaError('DUMP_FAILED', 'pg_dump exited with code 1'));
    expect(await codeOf(up.done)).toBe('DUMP_FAILED');
    expect(await store.head('fail/x.bin')).toBeUndefined();
    expect(await store.listMultipartUploads('fail/')).toEqual([]);
  });

  test('abort() (what an interrupt calls) stops a running upload and leaves nothing', async () => {
    const { up } = await openUpload(store, 'abort/', MIN_PART_BYTES + 10);
    await up.abort();
    expect(await codeOf(up.done)).toBe('S3_UPLOAD_FAILED');
    expect(await store.head('abort/x.bin')).toBeUndefined();
    expect(await store.listMultipartUploads('abort/')).toEqual([]);
  });

  test('a listed open multipart upload can be aborted by id', async () => {
    const { up } = await openUpload(store, 'open/', MIN_PART_BYTES + 10);
    const open = await store.listMultipartUploads('open/');
    expect(open).toEqual([{ key: 'open/x.bin', uploadId: expect.any(String), initiated: expect.any(Date) }]);
    await store.abortMultipartUpload('open/x.bin', open[0]!.uploadId);
    await store.abortMultipartUpload('open/x.bin', open[0]!.uploadId); // already gone: fine
    await up.abort();
    expect(await store.listMultipartUploads('open/')).toEqual([]);
  });

  test('wrong secret key, unknown access key, missing bucket: clear codes', async () => {
    const wrongSecret = new ObjectStore(
      { ...server.config(), credentials: { accessKeyId: server.accessKeyId, secretAccessKey: 'wrong' } },
      'aza-test',
    );
    const unknownKey = new ObjectStore(
      { ...server.config(), credentials: { accessKeyId: 'nobody', secretAccessKey: 'wrong' } },
      'aza-test',
    );
    const noBucket = new ObjectStore(server.config(), 'no-such-bucket');
    try {
      expect(await codeOf(wrongSecret.checkBucket())).toBe('S3_CREDENTIALS_REJECTED');
      expect(await codeOf(unknownKey.checkBucket())).toBe('S3_CREDENTIALS_REJECTED');
      const e = await noBucket.checkBucket().catch((x: unknown) => x as AzaError);
      expect(e).toMatchObject({ code: 'S3_BUCKET_MISSING' });
      expect((e as AzaError).message).toContain('"no-such-bucket"');
      expect((e as AzaError).message).toContain(server.endpoint);
      expect((e as AzaError).message).not.toContain(server.secretAccessKey);
    } finally {
      wrongSecret.close();
      unknownKey.close();
      noBucket.close();
    }
  });

  test('a server that goes away mid-upload: the upload fails with S3_UNREACHABLE; once back, nothing of it is there', async () => {
    const { up, body } = await openUpload(store, 'down/', MIN_PART_BYTES + 10);
    await server.stop();
    body.end(bytes(MIN_PART_BYTES));
    const e = await up.done.catch((x: unknown) => x as AzaError);
    expect(e).toBeInstanceOf(AzaError);
    expect((e as AzaError).code).toBe('S3_UNREACHABLE');
    // The abort could not reach the server: the message says how to remove the upload by hand.
    expect((e as AzaError).message).toMatch(/abort-multipart-upload --bucket aza-test --key down\/x.bin --upload-id \S+/);
    await server.resume();
    expect(await store.head('down/x.bin')).toBeUndefined();
    // What the failed abort left is listed, and goes with one call (what prune will offer).
    const left = await store.listMultipartUploads('down/');
    for (const u of left) await store.abortMultipartUpload(u.key, u.uploadId);
    expect(await store.listMultipartUploads('down/')).toEqual([]);
  });

  test('an endpoint nobody listens on: S3_UNREACHABLE naming it', async () => {
    const s = await S3Server.start();
    const url = s.endpoint;
    await s.close();
    const dead = new ObjectStore({ ...server.config(), endpoint: url }, 'aza-test');
    try {
      const e = await dead.checkBucket().catch((x: unknown) => x as AzaError);
      expect([(e as AzaError).code, (e as AzaError).message]).toEqual(['S3_UNREACHABLE', expect.any(String)]);
      expect((e as AzaError).message).toContain(url);
    } finally {
      dead.close();
    }
  });
});
