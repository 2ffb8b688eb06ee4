/**
 * Workflow-artifact adapter for the action faces: uploads a backup and its manifest as one artifact
 * and downloads it again (for `verify`). It lives on the action side because the core must not
 * import @actions/*; the backup core receives `uploadBackupArtifact` as an injected function.
 *
 * Everything that can be checked without the network is checked first (name, retention, files,
 * runtime environment), so a misconfigured step fails in milliseconds with a hint instead of
 * after the client's retries. Client failures are mapped to AzaError with a hint per cause.
 */
import type { ArtifactService, StoredArtifact } from '../core/operation.js';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { AzaError, type ErrorCode } from '../core/errors.js';

export interface ArtifactUploadRequest {
  /** Artifact name as shown in the run's UI; the zip is `<name>.zip`. */
  name: string;
  /** Files to put into the zip; each must lie under rootDirectory. */
  files: string[];
  /** Paths inside the zip are relative to this directory. */
  rootDirectory: string;
  /** 1..90; omitted means the repository's default retention. */
  retentionDays?: number;
}

export interface ArtifactUploadResult {
  id: number;
  /** Bytes uploaded (the zip's size). */
  size: number;
  /** Link to the artifact in the run's UI, when the job's GITHUB_* variables are there to build it. */
  url?: string;
  /** "sha256:<hex>" of the uploaded zip, as reported to the results service. */
  digest?: string;
}

export interface ArtifactDownloadResult {
  id: number;
  /** Directory the artifact's files were extracted into. */
  path: string;
  /** sha256 of the downloaded zip matched the digest recorded at upload (undefined: none recorded). */
  digestMatched?: boolean;
}

/** The slice of DefaultArtifactClient used here, so tests or other faces may pass their own. */
export type ArtifactClient = Pick<DefaultArtifactClient, 'uploadArtifact' | 'getArtifact' | 'downloadArtifact'>;

// Same set @actions/artifact rejects (NTFS-hostile); checking here gives a hint before any request.
const INVALID_NAME_CHARS: ReadonlyArray<readonly [string, string]> = [
  ['"', 'double quote "'],
  [':', 'colon :'],
  ['<', 'less than <'],
  ['>', 'greater than >'],
  ['|', 'vertical bar |'],
  ['*', 'asterisk *'],
  ['?', 'question mark ?'],
  ['\r', 'carriage return'],
  ['\n', 'line feed'],
  ['\\', 'backslash \\'],
  ['/', 'forward slash /'],
];
export const MAX_RETENTION_DAYS = 90;
// Generous; GitHub documents no hard limit, but a name must stay usable as a file name (`<name>.zip`).
const MAX_NAME_LENGTH = 200;

/** Checks an artifact name as @actions/artifact and the results service would. Throws AzaError('INVALID_INPUT'). */
export function validateArtifactName(name: string): void {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new AzaError('INVALID_INPUT', 'The artifact name is empty.', 'Set artifact-name to a non-empty name, e.g. "backup-mydb".');
  }
  if (name !== name.trim()) {
    throw new AzaError(
      'INVALID_INPUT',
      `The artifact name "${name}" starts or ends with white space.`,
      'Remove the leading/trailing spaces; they make the name hard to reference in later steps.',
    );
  }
  for (const [ch, label] of INVALID_NAME_CHARS) {
    if (name.includes(ch)) {
      throw new AzaError(
        'INVALID_INPUT',
        `The artifact name "${printable(name)}" contains a ${label}.`,
        `Artifact names cannot contain ${INVALID_NAME_CHARS.map(([, l]) => l).join(', ')}. Use letters, digits, '-', '_' and '.', e.g. "backup-mydb-2024-05-01".`,
      );
    }
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new AzaError(
      'INVALID_INPUT',
      `The artifact name is ${name.length} characters long.`,
      `Keep it at most ${MAX_NAME_LENGTH} characters.`,
    );
  }
}

/**
 * Checks a request without touching the file system or network. Throws AzaError('INVALID_INPUT').
 */
export function validateArtifactRequest(req: ArtifactUploadRequest): void {
  validateArtifactName(req.name);
  const { retentionDays } = req;
  if (retentionDays !== undefined) {
    if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
      throw new AzaError(
        'INVALID_INPUT',
        `Artifact retention of ${String(retentionDays)} days is out of range.`,
        `Use a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or leave it empty for the repository's default. ` +
          '(A repository or organization may cap it lower; GitHub then uses the cap.)',
      );
    }
  }
  if (!Array.isArray(req.files) || req.files.length === 0) {
    throw new AzaError(
      'INVALID_INPUT',
      'No files were given to upload as an artifact.',
      'This is a bug in the caller: pass the backup file and its manifest.',
    );
  }
  if (!isAbsolute(req.rootDirectory)) {
    throw new AzaError(
      'INVALID_INPUT',
      `The artifact root directory "${req.rootDirectory}" is not absolute.`,
      'Pass an absolute directory.',
    );
  }
  const root = resolve(req.rootDirectory);
  for (const f of req.files) {
    const rel = relative(root, resolve(root, f));
    if (rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) {
      throw new AzaError(
        'INVALID_INPUT',
        `The file ${f} is not inside the artifact root directory ${root}.`,
        'Write the backup and its manifest into one directory and upload from there.',
      );
    }
  }
}

/**
 * Checks that the job environment lets @actions/artifact reach the results service. Pure: reads
 * only the given env. Throws AzaError('ARTIFACT_UNAVAILABLE').
 */
export function checkArtifactRuntime(env: NodeJS.ProcessEnv = process.env): void {
  const outsideJob =
    'Artifact upload only works inside a GitHub Actions job (the runner provides ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL). ' +
    'Outside Actions, keep the backup file locally or upload it with your own tooling; in a container job, make sure these variables are passed through.';
  if (!env.ACTIONS_RUNTIME_TOKEN) {
    throw new AzaError('ARTIFACT_UNAVAILABLE', 'ACTIONS_RUNTIME_TOKEN is not set.', outsideJob);
  }
  if (!env.ACTIONS_RESULTS_URL) {
    throw new AzaError('ARTIFACT_UNAVAILABLE', 'ACTIONS_RESULTS_URL is not set.', outsideJob);
  }
  if (isGhes(env.GITHUB_SERVER_URL)) {
    throw new AzaError(
      'ARTIFACT_UNAVAILABLE',
      `Workflow artifacts (v4 API) are not supported on GitHub Enterprise Server (${env.GITHUB_SERVER_URL}).`,
      'Disable the artifact upload and store the backup elsewhere (e.g. object storage) on GHES.',
    );
  }
}

/**
 * Uploads `files` as one zip artifact. Throws AzaError; the message never contains signed URLs.
 * `env` feeds the pre-checks and the UI link only: @actions/artifact always reads process.env.
 */
export async function uploadBackupArtifact(
  req: ArtifactUploadRequest,
  client: ArtifactClient = new DefaultArtifactClient(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ArtifactUploadResult> {
  validateArtifactRequest(req);
  checkArtifactRuntime(env);
  const root = resolve(req.rootDirectory);
  const files = req.files.map((f) => resolve(root, f));
  for (const f of files) {
    // The client silently skips directories and fails on missing files only after its own checks;
    // a backup artifact without its backup file is worthless, so insist on regular files here.
    const s = await stat(f).catch(() => undefined);
    if (!s?.isFile()) {
      throw new AzaError(
        'ARTIFACT_UPLOAD_FAILED',
        `Cannot upload ${f}: ${s ? 'not a regular file' : 'no such file'}.`,
        'The backup step should have written it; check its log.',
      );
    }
  }

  let res: Awaited<ReturnType<ArtifactClient['uploadArtifact']>>;
  try {
    res = await client.uploadArtifact(req.name, files, root, req.retentionDays === undefined ? {} : { retentionDays: req.retentionDays });
  } catch (e) {
    throw artifactError(e, 'upload', req.name);
  }
  if (res.id === undefined) {
    throw new AzaError('ARTIFACT_UPLOAD_FAILED', `Artifact "${req.name}" was uploaded but the service returned no id.`, RETRY_HINT);
  }
  const url = artifactUrl(res.id, env);
  return {
    id: res.id,
    size: res.size ?? 0,
    ...(url ? { url } : {}),
    ...(res.digest ? { digest: `sha256:${res.digest}` } : {}),
  };
}

/**
 * Downloads the newest artifact called `name` from the current run and extracts it into destDir.
 * Throws AzaError('ARTIFACT_NOT_FOUND') when the run has no such artifact. The digest recorded at
 * upload is checked. Note the client retries a failing blob download 5 times, 5 s apart.
 */
export async function downloadBackupArtifact(
  name: string,
  destDir: string,
  client: ArtifactClient = new DefaultArtifactClient(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ArtifactDownloadResult> {
  validateArtifactName(name);
  checkArtifactRuntime(env);
  let id: number;
  let digest: string | undefined;
  try {
    ({ id, digest } = (await client.getArtifact(name)).artifact);
  } catch (e) {
    throw artifactError(e, 'download', name);
  }
  try {
    const res = await client.downloadArtifact(id, { path: resolve(destDir), ...(digest ? { expectedHash: digest } : {}) });
    const path = res.downloadPath ?? resolve(destDir);
    if (digest && res.digestMismatch) {
      throw new AzaError(
        'ARTIFACT_CORRUPT',
        `The downloaded artifact "${name}" does not match the digest recorded at upload (${digest}).`,
        'The artifact storage returned different bytes than were uploaded. Retry; if it persists, do not trust this backup.',
      );
    }
    return { id, path, ...(digest ? { digestMatched: true } : {}) };
  } catch (e) {
    throw artifactError(e, 'download', name);
  }
}

/** `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}/artifacts/${id}` */
export function artifactUrl(id: number, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  if (!server || !repo || !run) return undefined;
  return `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${run}/artifacts/${id}`;
}

const RETRY_HINT =
  'Artifact storage errors are often temporary: re-run the job. If it keeps failing, check https://www.githubstatus.com and run with ACTIONS_STEP_DEBUG=true for the client log.';

/** Maps whatever @actions/artifact (or the Azure blob client under it) threw to an AzaError. */
export function artifactError(e: unknown, op: 'upload' | 'download', name: string): AzaError {
  if (e instanceof AzaError) return e;
  const errName = e instanceof Error ? e.name : '';
  const raw = e instanceof Error ? e.message : String(e);
  // Signed storage URLs carry a SAS signature; never let one reach the log through a message.
  const message = scrubSecrets(raw).trim();
  const code: ErrorCode = op === 'upload' ? 'ARTIFACT_UPLOAD_FAILED' : 'ARTIFACT_DOWNLOAD_FAILED';
  const what = `Artifact ${op} of "${name}" failed`;
  const wrap = (c: ErrorCode, text: string, hint: string): AzaError => new AzaError(c, text, hint, { cause: e });

  // The client rethrows its UsageError as a plain Error, so match its text too.
  if (errName === 'UsageError' || /insufficient usage|storage quota has been hit/i.test(message)) {
    return wrap(
      code,
      `${what}: the artifact storage quota is used up.`,
      'Delete old artifacts or lower their retention (Settings → Actions → Artifact and log retention), or raise the storage limit in billing.',
    );
  }
  if (errName === 'GHESNotSupportedError') {
    return wrap('ARTIFACT_UNAVAILABLE', `${what}: not supported on GitHub Enterprise Server.`, 'Store the backup elsewhere on GHES.');
  }
  if (errName === 'ArtifactNotFoundError') {
    return wrap(
      'ARTIFACT_NOT_FOUND',
      `No artifact named "${name}" was found in this workflow run.`,
      "Download works within the run that uploaded it: check the name matches the backup step's artifact-name, and that the artifact has not expired.",
    );
  }
  if (errName === 'FilesNotFoundError') {
    return wrap(code, `${what}: ${message}`, 'The backup step should have written these files; check its log.');
  }
  if (errName === 'NetworkError' || /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH)\b/.test(message)) {
    return wrap(
      code,
      `${what}: cannot reach the artifact service (${firstLine(message)}).`,
      'On a self-hosted runner, allow outbound HTTPS to GitHub\'s results service and *.blob.core.windows.net (see "Communication between self-hosted runners and GitHub").',
    );
  }
  if (/JWT|backend IDs|Invalid token specified/i.test(message)) {
    return wrap(
      'ARTIFACT_UNAVAILABLE',
      `${what}: ACTIONS_RUNTIME_TOKEN is not a valid Actions runtime token.`,
      'Do not set ACTIONS_RUNTIME_TOKEN yourself; the runner provides it to every step (pass it through unchanged to containers).',
    );
  }
  const status = /\((\d{3})\)/.exec(message)?.[1] ?? (isRecord(e) && typeof e.statusCode === 'number' ? String(e.statusCode) : undefined);
  if (status === '409' || /already exists/i.test(message)) {
    return wrap(
      code,
      `${what}: an artifact with this name already exists in this workflow run.`,
      'Artifact names must be unique per run; include something unique (database name, matrix value or timestamp) in artifact-name.',
    );
  }
  if (status === '401' || status === '403') {
    return wrap(
      code,
      `${what}: the artifact service refused the request (${status}): ${firstLine(message)}`,
      op === 'upload'
        ? "The job's runtime token may have expired (a very long job) or the signed storage URL was rejected; re-run the job."
        : 'Artifacts can only be downloaded this way within the run that uploaded them, while the job token is valid; re-run the job.',
    );
  }
  if (status && status.startsWith('4')) {
    return wrap(
      code,
      `${what}: ${firstLine(message)}`,
      "The artifact service rejected the request as invalid; retrying will not help. Report it with the step's debug log (ACTIONS_STEP_DEBUG=true).",
    );
  }
  return wrap(code, `${what}: ${firstLine(message) || errName || 'unknown error'}`, RETRY_HINT);
}

function scrubSecrets(text: string): string {
  return text
    .replace(/([?&](?:sig|se|st|sv|sp|sr|skoid|sktid|skt|ske|sks|skv)=)[^&\s"']+/gi, '$1***')
    .replace(/(Bearer\s+)[A-Za-z0-9._-]+/g, '$1***')
    .replace(/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '***');
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}

function printable(s: string): string {
  return s.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Mirrors @actions/artifact's own check: anything but github.com, *.ghe.com and *.localhost is GHES. */
function isGhes(serverUrl: string | undefined): boolean {
  let host: string;
  try {
    host = new URL(serverUrl || 'https://github.com').hostname.toUpperCase();
  } catch {
    return false;
  }
  return host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST');
}

/**
 * The repository's artifacts of every run whose name starts with `prefix`, through GitHub's REST API
 * (GET /repos/{owner}/{repo}/actions/artifacts, 100 a page). The artifact client lists only one run
 * at a time, and retention is about the runs before this one. Expired artifacts are left out.
 */
export async function listRepositoryArtifacts(
  prefix: string,
  token: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StoredArtifact[]> {
  const repo = repositoryOf(env);
  const found: StoredArtifact[] = [];
  for (let page = 1; ; page++) {
    const body = (await githubApi('GET', `/repos/${repo}/actions/artifacts?per_page=100&page=${page}`, token, env)) as {
      total_count: number;
      artifacts: Array<{ id: number; name: string; size_in_bytes: number; created_at: string; expired: boolean }>;
    };
    for (const a of body.artifacts)
      if (a.name.startsWith(prefix) && !a.expired)
        found.push({ id: a.id, name: a.name, sizeBytes: a.size_in_bytes, createdAt: new Date(a.created_at) });
    if (body.artifacts.length < 100 || page * 100 >= body.total_count) return found;
  }
}

/** DELETE /repos/{owner}/{repo}/actions/artifacts/{id}; an artifact already gone counts as deleted. */
export async function deleteRepositoryArtifact(id: number, token: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await githubApi('DELETE', `/repos/${repositoryOf(env)}/actions/artifacts/${id}`, token, env, [404]);
}

function repositoryOf(env: NodeJS.ProcessEnv): string {
  const repo = env.GITHUB_REPOSITORY;
  if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo))
    throw new AzaError(
      'ARTIFACT_UNAVAILABLE',
      'GITHUB_REPOSITORY is not set',
      'Artifacts are pruned inside a GitHub Actions job, which sets it.',
    );
  return repo;
}

async function githubApi(
  method: 'GET' | 'DELETE',
  path: string,
  token: string,
  env: NodeJS.ProcessEnv,
  tolerated: number[] = [],
): Promise<unknown> {
  const base = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'aza-pg',
      },
    });
  } catch (e) {
    throw new AzaError('ARTIFACT_UNAVAILABLE', `Cannot reach the GitHub API at ${base}: ${(e as Error).message}`, RETRY_HINT, { cause: e });
  }
  if (tolerated.includes(res.status)) return undefined;
  if (!res.ok) {
    const text = scrubSecrets((await res.text().catch(() => '')).slice(0, 300));
    const hint =
      res.status === 401 || res.status === 403
        ? 'The github-token may not list or delete artifacts: give the job `permissions: actions: write` and pass secrets.GITHUB_TOKEN.'
        : RETRY_HINT;
    throw new AzaError(
      'ARTIFACT_API_FAILED',
      `GitHub API ${method} ${path} answered ${res.status}: ${firstLine(text) || res.statusText}`,
      hint,
    );
  }
  return method === 'GET' ? res.json() : undefined;
}

/** The artifact service the action runner lends every operation. */
export const githubArtifacts: ArtifactService = {
  upload: (req) => uploadBackupArtifact(req),
  download: async (name, dir) => (await downloadBackupArtifact(name, dir)).path,
  list: ({ prefix, token }) => listRepositoryArtifacts(prefix, token),
  delete: ({ artifact, token }) => deleteRepositoryArtifact(artifact.id, token),
};
