/**
 * How to reach an object store: the s3-* options and the AWS variables every S3 tool reads
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION / AWS_DEFAULT_REGION,
 * AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL). An input wins over the environment. Secrets are taken
 * only from the environment or an action input (from a secret), never from a command line.
 */
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';

export const OBJECT_STORE_OPTIONS: readonly OptionSpec[] = [
  {
    name: 's3-endpoint',
    description: 'Endpoint of an S3-compatible store (MinIO, Ceph, Garage, SeaweedFS, …), for s3:// destinations; unset for AWS S3',
    defaultText: 'AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, else AWS',
  },
  {
    name: 's3-region',
    description: 'Region of the bucket, for s3:// destinations',
    defaultText: 'AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1',
  },
  {
    name: 's3-path-style',
    description: 'Address buckets as ENDPOINT/BUCKET/KEY (path style) rather than BUCKET.ENDPOINT/KEY, as most self-hosted stores need',
    defaultText: 'true with a custom endpoint, false on AWS',
  },
  { name: 's3-access-key-id', description: 'Access key id for s3:// destinations', defaultText: 'AWS_ACCESS_KEY_ID', only: 'action' },
  {
    name: 's3-secret-access-key',
    description: 'Secret access key for s3:// destinations; pass a secret',
    defaultText: 'AWS_SECRET_ACCESS_KEY',
    secret: true,
    only: 'action',
  },
  {
    name: 's3-session-token',
    description: 'Session token of temporary credentials, for s3:// destinations; pass a secret',
    defaultText: 'AWS_SESSION_TOKEN',
    secret: true,
    only: 'action',
  },
];

export interface ObjectStoreCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ObjectStoreConfig {
  /** Undefined: AWS S3 for the region. */
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** Undefined: the SDK's default chain (shared config profile, container or instance role). */
  credentials?: ObjectStoreCredentials;
}

function envValue(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n]?.trim();
    if (v) return v;
  }
  return undefined;
}

/** The object store settings from the s3-* options and the environment. */
export function objectStoreSettings(inputs: Inputs, env: NodeJS.ProcessEnv): ObjectStoreConfig {
  const endpoint = inputs.string('s3-endpoint') ?? envValue(env, 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL');
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new AzaError(
        'INVALID_INPUT',
        `The S3 endpoint "${endpoint}" is not an http(s) URL`,
        `Set ${inputs.label('s3-endpoint')} (or AWS_ENDPOINT_URL) to e.g. https://minio.example.com:9000.`,
      );
    }
  }
  const region = inputs.string('s3-region') ?? envValue(env, 'AWS_REGION', 'AWS_DEFAULT_REGION') ?? 'us-east-1';
  const forcePathStyle = inputs.boolean('s3-path-style', endpoint !== undefined);
  const accessKeyId = inputs.string('s3-access-key-id') ?? envValue(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = inputs.verbatim('s3-secret-access-key') ?? envValue(env, 'AWS_SECRET_ACCESS_KEY');
  const sessionToken = inputs.verbatim('s3-session-token') ?? envValue(env, 'AWS_SESSION_TOKEN');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new AzaError(
      'S3_CREDENTIALS_MISSING',
      `Only half of the S3 credentials are set: ${accessKeyId === undefined ? 'the access key id is missing' : 'the secret access key is missing'}`,
      'Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or both s3-access-key-id and s3-secret-access-key).',
    );
  }
  return {
    ...(endpoint !== undefined ? { endpoint } : {}),
    region,
    forcePathStyle,
    ...(accessKeyId !== undefined && secretAccessKey !== undefined
      ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } }
      : {}),
  };
}

/** The values an action masks in its logs. */
export function objectStoreSecrets(config: ObjectStoreConfig | undefined): string[] {
  const c = config?.credentials;
  return c ? [c.secretAccessKey, ...(c.sessionToken ? [c.sessionToken] : [])] : [];
}

/** Where the store is, for messages: the endpoint, or AWS S3 and the region. */
export function describeStore(config: ObjectStoreConfig): string {
  return config.endpoint ?? `AWS S3 (${config.region})`;
}
