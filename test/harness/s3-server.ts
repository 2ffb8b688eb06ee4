/**
 * A real S3-compatible server for the tests: versitygw (Apache-2.0) serving a throw-away
 * directory (its posix backend) on 127.0.0.1 and a free port, with a root key pair made for the
 * test. Not a mock: the product's S3 client talks to it over HTTP as it would to AWS S3.
 *
 * versitygw is installed by .ci/run (`go install`, cached under ~/.cache/aza-pg-tools/versitygw-<version>).
 * Without it the tests skip locally and fail when CI is set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { ObjectStoreConfig } from '../../src/core/object-store/index.js';

export const VERSITYGW_VERSION = 'v1.8.0';

/** The versitygw binary: AZA_PG_VERSITYGW, the versioned cache .ci/run fills, ~/go/bin, else PATH. */
export function findVersitygw(): string | undefined {
  const candidates = [
    process.env.AZA_PG_VERSITYGW,
    join(homedir(), '.cache', 'aza-pg-tools', `versitygw-${VERSITYGW_VERSION}`, 'versitygw'),
    join(homedir(), 'go', 'bin', 'versitygw'),
    ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'versitygw')),
  ];
  return candidates.find((c) => !!c && existsSync(c));
}

type Describe = (typeof import('@jest/globals'))['describe'] | (typeof import('@jest/globals'))['describe']['skip'];

/** `describe` for object-store tests: skipped (visibly) without versitygw, an error when CI is set. */
export async function s3Describe(): Promise<Describe> {
  const { describe } = await import('@jest/globals');
  if (findVersitygw()) return describe;
  const why = `versitygw ${VERSITYGW_VERSION} is not installed (run .ci/run, or set AZA_PG_VERSITYGW to its binary)`;
  if (process.env.CI) throw new Error(`Object store tests cannot run in CI: ${why}.`);
  process.stderr.write(`\n[object store tests skipped] ${why}.\n`);
  return describe.skip;
}

/** A free TCP port on 127.0.0.1 (taken by the OS, then released for the server to bind). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

const live = new Set<ChildProcess>();
let exitHook = false;

export class S3Server {
  readonly accessKeyId = `aza${randomBytes(6).toString('hex')}`;
  readonly secretAccessKey = randomBytes(18).toString('base64url');
  private child: ChildProcess | undefined;
  private log = '';

  private constructor(
    readonly binary: string,
    /** The directory the posix backend serves: one sub-directory per bucket. */
    readonly dataDir: string,
    readonly port: number,
  ) {}

  /** Starts a server on a free port of 127.0.0.1 serving a new temporary directory. */
  static async start(): Promise<S3Server> {
    const binary = findVersitygw();
    if (!binary) throw new Error(`versitygw ${VERSITYGW_VERSION} is not installed`);
    const server = new S3Server(binary, mkdtempSync(join(tmpdir(), 'aza-s3-')), await freePort());
    await server.resume();
    return server;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Settings for the product's ObjectStore. */
  config(): ObjectStoreConfig {
    return {
      endpoint: this.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: this.accessKeyId, secretAccessKey: this.secretAccessKey },
    };
  }

  /** The AWS_* variables any S3 client (ours, the aws CLI) reads to reach this server. */
  env(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: this.accessKeyId,
      AWS_SECRET_ACCESS_KEY: this.secretAccessKey,
    };
  }

  async createBucket(name: string): Promise<void> {
    const c = new S3Client({ ...this.config(), maxAttempts: 1 });
    try {
      await c.send(new CreateBucketCommand({ Bucket: name }));
    } finally {
      c.destroy();
    }
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts (again, after stop) the server on the same port and directory; resolves once it accepts connections. */
  async resume(): Promise<void> {
    if (this.child) return;
    const child = spawn(this.binary, ['--port', `127.0.0.1:${this.port}`, '--quiet', 'posix', this.dataDir], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ROOT_ACCESS_KEY: this.accessKeyId, ROOT_SECRET_KEY: this.secretAccessKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(child);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => {
        for (const c of live) c.kill('SIGKILL');
      });
    }
    child.stdout!.on('data', (d: Buffer) => (this.log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.log += d.toString()));
    let exited = false;
    child.once('exit', () => {
      exited = true;
      live.delete(child);
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (exited) {
        this.child = undefined;
        throw new Error(`versitygw exited at start:\n${this.log}`);
      }
      if (await accepts(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.stop();
    throw new Error(`versitygw did not listen on 127.0.0.1:${this.port} within 30 s:\n${this.log}`);
  }

  /** Stops the server (SIGKILL: as a crash or a network loss looks to a client); the data stays for resume(). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }

  /** Stops the server and removes its directory. */
  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
