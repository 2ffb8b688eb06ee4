/**
 * FAKE of GitHub's Actions "results" service and of the Azure blob storage it signs URLs for.
 *
 * The real service only exists inside a GitHub-hosted job, so tests run @actions/artifact against
 * this stand-in on 127.0.0.1. It speaks just enough of both protocols for the client code in
 * node_modules/@actions/artifact/lib/internal (v6) to upload, list and download:
 *
 *  - Twirp JSON: POST /twirp/github.actions.results.api.v1.ArtifactService/<Method> with
 *    `Authorization: Bearer <ACTIONS_RUNTIME_TOKEN>`; bodies use the proto (snake_case) field names.
 *    Errors are Twirp error bodies `{code, msg}`: the client reads `msg`, retries 429/500/502/503/504
 *    with a 3 s base backoff, and fails at once on any other status.
 *  - Blob storage: BlockBlobClient.uploadStream sends `PUT ?comp=block&blockid=<b64>` per chunk, then
 *    `PUT ?comp=blocklist` with an XML <BlockList>; both expect 201. Downloads are a plain GET of the
 *    signed URL, which the client unzips when the content type is application/zip.
 *
 *  - Twirp DeleteArtifact (by name, in the token's run), as the client's deleteArtifact sends it.
 *  - The REST API's repository-wide artifact list and delete, which is how artifacts of earlier runs are
 *    pruned: GET /repos/{owner}/{repo}/actions/artifacts?per_page&page -> {total_count, artifacts:
 *    [{id, name, size_in_bytes, created_at, expired, ...}]}, DELETE /repos/{owner}/{repo}/actions/artifacts/{id}
 *    -> 204 (404 when there is none), both with `Authorization: Bearer <repoToken>`. Artifacts of
 *    earlier runs are laid out with `seed`.
 *
 * Everything received is recorded (`artifacts`, `calls`) so tests can assert what the client sent,
 * down to the uploaded zip bytes reassembled from the committed blocks.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const SERVICE_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';
const BLOB_PREFIX = '/blob/';
const REST_ARTIFACTS = /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts(?:\/(\d+))?$/;

export type FakeRpc =
  'CreateArtifact' | 'FinalizeArtifact' | 'ListArtifacts' | 'GetSignedArtifactURL' | 'DeleteArtifact' | 'rest:GET' | 'rest:DELETE';

export interface FakeArtifact {
  id: number;
  name: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  version: number | undefined;
  mimeType: string | undefined;
  /** RFC 3339 text as the client sent it (present only when a retention was asked for). */
  expiresAt: string | undefined;
  createdAt: Date;
  /** Blob path (under /blob/) this artifact was given to upload to. */
  blobPath: string;
  finalized: boolean;
  /** What FinalizeArtifact claimed: size as the decimal int64 text, hash as "sha256:<hex>". */
  finalizeSize: string | undefined;
  finalizeHash: string | undefined;
  /** Blob contents after the block list was committed (or a single-shot PUT). */
  content: Buffer | undefined;
  contentType: string | undefined;
}

export interface FakeCall {
  method: string;
  path: string;
  /** Twirp method name, or "blob:<comp>" for storage requests. */
  kind: string;
  status: number;
}

interface Failure {
  status: number;
  twirpCode: string;
  msg: string;
  remaining: number;
}

interface Blob {
  uncommitted: Map<string, Buffer>;
  committed: Buffer | undefined;
  contentType: string | undefined;
}

export interface FakeResultsServiceOptions {
  /** owner/name the REST API answers for. */
  repository?: string;
  /** Backend ids baked into the runtime token's `Actions.Results:<run>:<job>` scope. */
  workflowRunBackendId?: string;
  workflowJobRunBackendId?: string;
}

export class FakeResultsService {
  readonly workflowRunBackendId: string;
  readonly workflowJobRunBackendId: string;
  /** Every artifact created, finalized or not, in creation order. */
  readonly artifacts: FakeArtifact[] = [];
  readonly calls: FakeCall[] = [];
  readonly repository: string;
  /** The token the REST API accepts (a workflow's GITHUB_TOKEN stands here). */
  readonly repoToken = 'ghs_fake' + randomBytes(8).toString('hex');

  private server: Server | undefined;
  private port = 0;
  private nextId = 1001;
  private readonly blobs = new Map<string, Blob>();
  private readonly failures = new Map<string, Failure>();
  /** Stands in for the SAS signature: blob requests without it get 403, as storage would answer. */
  private readonly sig = randomBytes(12).toString('hex');
  /** The token is random per fake, so a test cannot pass by accident with some other token. */
  private readonly token: string;

  private constructor(opts: FakeResultsServiceOptions) {
    this.repository = opts.repository ?? 'example/db';
    this.workflowRunBackendId = opts.workflowRunBackendId ?? 'fake-run-' + randomBytes(4).toString('hex');
    this.workflowJobRunBackendId = opts.workflowJobRunBackendId ?? 'fake-job-' + randomBytes(4).toString('hex');
    this.token = fakeRuntimeToken({
      scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${this.workflowRunBackendId}:${this.workflowJobRunBackendId}`,
    });
  }

  static async start(opts: FakeResultsServiceOptions = {}): Promise<FakeResultsService> {
    const fake = new FakeResultsService(opts);
    const server = createServer((req, res) => {
      fake.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) fake.twirpError(res, 500, 'internal', `fake results service: ${String(e)}`);
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.server = server;
    fake.port = (server.address() as AddressInfo).port;
    return fake;
  }

  /** Base URL, what ACTIONS_RESULTS_URL holds in a real job. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** A JWT the client accepts (it decodes the payload without checking the signature). */
  get runtimeToken(): string {
    return this.token;
  }

  /** The environment a GitHub job would give the client to reach this service. */
  env(): Record<string, string> {
    return { ACTIONS_RUNTIME_TOKEN: this.token, ACTIONS_RESULTS_URL: this.url };
  }

  /** Finalized artifacts only, the ones ListArtifacts reports. */
  get finalized(): FakeArtifact[] {
    return this.artifacts.filter((a) => a.finalized);
  }

  /**
   * Makes the next `times` calls of an RPC (or of blob storage, with 'blob') fail with `status`.
   * Statuses 429/500/502/503/504 make the client retry with multi-second backoff; prefer others in
   * tests unless the retry itself is what is being tested.
   */
  fail(target: FakeRpc | 'blob', status: number, msg = 'injected failure', times = Infinity, twirpCode = 'internal'): void {
    this.failures.set(target, { status, twirpCode, msg, remaining: times });
  }

  /** An artifact an earlier run uploaded (finalized, with the given creation time and content). */
  seed(name: string, createdAt: Date, content: Buffer = Buffer.from(name)): FakeArtifact {
    const id = this.nextId++;
    const run = 'earlier-run-' + id;
    const artifact: FakeArtifact = {
      id,
      name,
      workflowRunBackendId: run,
      workflowJobRunBackendId: 'earlier-job',
      version: 4,
      mimeType: undefined,
      expiresAt: undefined,
      createdAt,
      blobPath: `fakeaccount/actions-results/${run}/earlier-job/${id}/${encodeURIComponent(name)}.zip`,
      finalized: true,
      finalizeSize: String(content.length),
      finalizeHash: undefined,
      content,
      contentType: 'application/zip',
    };
    this.artifacts.push(artifact);
    return artifact;
  }

  clearFailures(): void {
    this.failures.clear();
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = await readBody(req);
    if (REST_ARTIFACTS.test(url.pathname)) {
      this.handleRest(req, res, url);
    } else if (url.pathname.startsWith(SERVICE_PREFIX)) {
      await this.handleTwirp(req, res, url.pathname.slice(SERVICE_PREFIX.length), body);
    } else if (url.pathname.startsWith(BLOB_PREFIX)) {
      this.handleBlob(req, res, url, body);
    } else {
      this.record(req, url.pathname, 'unknown', 404);
      res.writeHead(404).end();
    }
  }

  private takeFailure(target: string): Failure | undefined {
    const f = this.failures.get(target);
    if (!f || f.remaining <= 0) return undefined;
    f.remaining--;
    return f;
  }

  private async handleTwirp(req: IncomingMessage, res: ServerResponse, method: string, raw: Buffer): Promise<void> {
    const reply = (status: number, json: unknown): void => {
      this.record(req, SERVICE_PREFIX + method, method, status);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    const error = (status: number, code: string, msg: string): void => {
      this.record(req, SERVICE_PREFIX + method, method, status);
      this.twirpError(res, status, code, msg);
    };

    if (req.method !== 'POST') return error(405, 'bad_route', 'twirp requires POST');
    if (req.headers.authorization !== `Bearer ${this.token}`) return error(401, 'unauthenticated', 'invalid runtime token');
    const injected = this.takeFailure(method);
    if (injected) return error(injected.status, injected.twirpCode, injected.msg);

    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return error(400, 'malformed', 'request body is not JSON');
    }
    const run = str(msg.workflow_run_backend_id);
    const job = str(msg.workflow_job_run_backend_id);
    if (run !== this.workflowRunBackendId || job !== this.workflowJobRunBackendId) {
      return error(403, 'permission_denied', 'backend ids do not match the runtime token');
    }

    switch (method) {
      case 'CreateArtifact': {
        const name = str(msg.name);
        if (!name) return error(400, 'invalid_argument', 'name is required');
        // The real service refuses a second artifact of the same name in one run.
        if (this.artifacts.some((a) => a.finalized && a.name === name && a.workflowRunBackendId === run)) {
          return error(409, 'already_exists', `an artifact with this name already exists on the workflow run`);
        }
        const id = this.nextId++;
        const artifact: FakeArtifact = {
          id,
          name,
          workflowRunBackendId: run,
          workflowJobRunBackendId: job,
          version: typeof msg.version === 'number' ? msg.version : undefined,
          mimeType: str(msg.mime_type) || undefined,
          expiresAt: str(msg.expires_at) || undefined,
          createdAt: new Date(),
          blobPath: `fakeaccount/actions-results/${run}/${job}/${id}/${encodeURIComponent(name)}.zip`,
          finalized: false,
          finalizeSize: undefined,
          finalizeHash: undefined,
          content: undefined,
          contentType: undefined,
        };
        // A new CreateArtifact for a name not yet finalized replaces the earlier attempt.
        const stale = this.artifacts.findIndex((a) => !a.finalized && a.name === name);
        if (stale >= 0) this.artifacts.splice(stale, 1);
        this.artifacts.push(artifact);
        return reply(200, { ok: true, signed_upload_url: this.signedUrl(artifact) });
      }
      case 'FinalizeArtifact': {
        const name = str(msg.name);
        const artifact = this.artifacts.find((a) => !a.finalized && a.name === name);
        if (!artifact) return error(404, 'not_found', 'no artifact being uploaded under this name');
        const blob = this.blobs.get(artifact.blobPath);
        if (!blob?.committed) return error(400, 'failed_precondition', 'blob has no committed content');
        artifact.finalizeSize = str(msg.size) || undefined;
        artifact.finalizeHash = str(msg.hash) || undefined;
        artifact.content = blob.committed;
        artifact.contentType = blob.contentType;
        artifact.finalized = true;
        return reply(200, { ok: true, artifact_id: String(artifact.id) });
      }
      case 'ListArtifacts': {
        const nameFilter = str(msg.name_filter);
        const idFilter = str(msg.id_filter);
        const found = this.finalized.filter(
          (a) => a.workflowRunBackendId === run && (!nameFilter || a.name === nameFilter) && (!idFilter || String(a.id) === idFilter),
        );
        return reply(200, {
          artifacts: found.map((a) => ({
            workflow_run_backend_id: a.workflowRunBackendId,
            workflow_job_run_backend_id: a.workflowJobRunBackendId,
            database_id: String(a.id),
            name: a.name,
            size: String(a.content?.length ?? 0),
            created_at: a.createdAt.toISOString(),
            ...(a.content ? { digest: 'sha256:' + createHash('sha256').update(a.content).digest('hex') } : {}),
          })),
        });
      }
      case 'GetSignedArtifactURL': {
        const name = str(msg.name);
        const artifact = this.finalized.find((a) => a.name === name && a.workflowRunBackendId === run);
        if (!artifact) return error(404, 'not_found', 'artifact not found');
        return reply(200, { signed_url: this.signedUrl(artifact) });
      }
      case 'DeleteArtifact': {
        const name = str(msg.name);
        const i = this.artifacts.findIndex((a) => a.finalized && a.name === name && a.workflowRunBackendId === run);
        if (i < 0) return error(404, 'not_found', 'artifact not found');
        const [gone] = this.artifacts.splice(i, 1);
        return reply(200, { ok: true, artifact_id: String(gone!.id) });
      }
      default:
        return error(404, 'bad_route', `fake results service does not implement ${method}`);
    }
  }

  /** The public REST API's artifact list and delete for the whole repository (every run). */
  private handleRest(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const m = REST_ARTIFACTS.exec(url.pathname)!;
    const kind = `rest:${req.method}`;
    const send = (status: number, json?: unknown): void => {
      this.record(req, url.pathname, kind, status);
      if (json === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (req.headers.authorization !== `Bearer ${this.repoToken}`) return send(401, { message: 'Bad credentials' });
    if (`${m[1]}/${m[2]}` !== this.repository) return send(404, { message: 'Not Found' });
    const injected = this.takeFailure(kind);
    if (injected) return send(injected.status, { message: injected.msg });
    if (req.method === 'GET' && !m[3]) {
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
      const page = Number(url.searchParams.get('page') ?? 1);
      // Newest first, as GitHub lists them.
      const all = [...this.finalized].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
      return send(200, {
        total_count: all.length,
        artifacts: all.slice((page - 1) * perPage, page * perPage).map((a) => ({
          id: a.id,
          node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
          name: a.name,
          size_in_bytes: a.content?.length ?? 0,
          url: `${this.url}repos/${this.repository}/actions/artifacts/${a.id}`,
          archive_download_url: `${this.url}repos/${this.repository}/actions/artifacts/${a.id}/zip`,
          expired: false,
          created_at: a.createdAt.toISOString(),
          updated_at: a.createdAt.toISOString(),
          expires_at: a.expiresAt ?? new Date(a.createdAt.getTime() + 90 * 86400000).toISOString(),
        })),
      });
    }
    if (req.method === 'DELETE' && m[3]) {
      const i = this.artifacts.findIndex((a) => a.finalized && String(a.id) === m[3]);
      if (i < 0) return send(404, { message: 'Not Found' });
      this.artifacts.splice(i, 1);
      return send(204);
    }
    return send(405, { message: `fake REST API does not implement ${req.method} ${url.pathname}` });
  }

  private handleBlob(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const path = url.pathname.slice(BLOB_PREFIX.length);
    const comp = url.searchParams.get('comp') ?? '';
    const kind = `blob:${req.method}${comp ? ':' + comp : ''}`;
    const send = (status: number, headers: Record<string, string> = {}, content?: Buffer): void => {
      this.record(req, url.pathname, kind, status);
      res.writeHead(status, headers).end(content);
    };
    // Storage answers errors as XML; the Azure client turns the code and message into a RestError.
    const storageError = (status: number, code: string, message: string): void =>
      send(
        status,
        { 'content-type': 'application/xml', 'x-ms-error-code': code },
        Buffer.from(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`),
      );

    if (url.searchParams.get('sig') !== this.sig) return storageError(403, 'AuthenticationFailed', 'Signature did not match.');
    const injected = this.takeFailure('blob');
    if (injected) return storageError(injected.status, 'InjectedFailure', injected.msg);

    // Headers the blob client deserializes on success; none is strictly required, but a real
    // service always sends them and the client surfaces them as the operation's response.
    const common = (): Record<string, string> => ({
      'x-ms-request-id': randomBytes(8).toString('hex'),
      'x-ms-version': '2025-01-05',
      date: new Date().toUTCString(),
    });
    const written = (): Record<string, string> => ({
      ...common(),
      etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
      'last-modified': new Date().toUTCString(),
      'x-ms-request-server-encrypted': 'true',
    });

    const blob = this.blobs.get(path) ?? { uncommitted: new Map<string, Buffer>(), committed: undefined, contentType: undefined };
    if (req.method === 'PUT' && comp === 'block') {
      const blockId = url.searchParams.get('blockid');
      if (!blockId) return storageError(400, 'InvalidQueryParameterValue', 'blockid is required');
      blob.uncommitted.set(blockId, body);
      this.blobs.set(path, blob);
      return send(201, {
        ...written(),
        'content-md5': createHash('md5').update(body).digest('base64'),
      });
    }
    if (req.method === 'PUT' && comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map((m) => m[2]!);
      const parts: Buffer[] = [];
      for (const id of ids) {
        const block = blob.uncommitted.get(id);
        if (!block) return storageError(400, 'InvalidBlockList', `block ${id} was not uploaded`);
        parts.push(block);
      }
      blob.committed = Buffer.concat(parts);
      blob.uncommitted.clear();
      blob.contentType = header(req, 'x-ms-blob-content-type');
      this.blobs.set(path, blob);
      return send(201, written());
    }
    if (req.method === 'PUT' && comp === '') {
      // Single-shot upload (Put Blob); uploadStream does not use it, other client paths might.
      blob.committed = body;
      blob.contentType = header(req, 'x-ms-blob-content-type') ?? header(req, 'content-type');
      this.blobs.set(path, blob);
      return send(201, written());
    }
    if (req.method === 'GET' && comp === '') {
      if (!blob.committed) return storageError(404, 'BlobNotFound', 'The specified blob does not exist.');
      return send(
        200,
        {
          ...common(),
          'content-type': blob.contentType ?? 'application/octet-stream',
          'content-length': String(blob.committed.length),
        },
        blob.committed,
      );
    }
    return storageError(400, 'UnsupportedHttpVerb', `fake blob storage does not implement ${req.method} comp=${comp}`);
  }

  private signedUrl(a: FakeArtifact): string {
    // Shaped like a SAS URL; the fake's `sig` is its only check.
    return `${this.url}blob/${a.blobPath}?sv=2025-01-05&sr=b&sp=rcw&se=2099-01-01T00%3A00%3A00Z&sig=${this.sig}`;
  }

  private twirpError(res: ServerResponse, status: number, code: string, msg: string): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, msg }));
  }

  private record(req: IncomingMessage, path: string, kind: string, status: number): void {
    this.calls.push({ method: req.method ?? '', path, kind, status });
  }
}

/** An unsigned-in-spirit JWT: header.payload.signature, base64url; the signature is not checked. */
export function fakeRuntimeToken(claims: Record<string, unknown>): string {
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return [
    b64({ typ: 'JWT', alg: 'RS256' }),
    b64({ iss: 'fake-results-service', nbf: now - 60, exp: now + 3600, ...claims }),
    Buffer.from('fake-signature-not-checked').toString('base64url'),
  ].join('.');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Proto-JSON wrappers (StringValue, Int64Value) arrive as bare values; int64 as decimal text. */
function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return '';
}
