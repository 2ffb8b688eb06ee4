/**
 * A TCP relay in front of the S3 test server that can hold the server's answer to a
 * CreateMultipartUpload: the store has created the upload, the client does not know its id yet.
 * A test interrupts the client in that moment, then lets the answer through. Not a fake: every
 * request reaches the real server unchanged (SigV4 signs the Host header the client used, which
 * is the relay's, and the server checks the signature against what it receives).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface HoldingRelay {
  /** http://127.0.0.1:<port>, for the client's endpoint. */
  endpoint: string;
  /** Resolves once a client asked to create a multipart upload; its answer is held from then. */
  createAsked: Promise<void>;
  /** Lets the held answers through (idempotent). */
  release(): void;
  close(): Promise<void>;
}

const CREATE_MULTIPART = /^POST \S*\?uploads(?:[&= ]|$)/m;

export async function holdingRelay(targetPort: number): Promise<HoldingRelay> {
  let released = false;
  const flushes: Array<() => void> = [];
  const sockets = new Set<Socket>();
  let asked!: () => void;
  const createAsked = new Promise<void>((r) => (asked = r));
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let holding = false;
    const held: Buffer[] = [];
    flushes.push(() => {
      for (const b of held.splice(0)) client.write(b);
    });
    client.on('data', (d: Buffer) => {
      if (!holding && !released && CREATE_MULTIPART.test(d.toString('latin1'))) {
        holding = true;
        asked();
      }
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => (holding && !released ? held.push(d) : client.write(d)));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    createAsked,
    release() {
      if (released) return;
      released = true;
      for (const f of flushes) f();
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
