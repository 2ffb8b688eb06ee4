/** An s3:// output: where the backup goes in object storage, and how (settings only; no request is made here). */
import { AzaError } from '../errors.js';
import type { Inputs } from '../inputs.js';
import type { BackupFormat } from '../manifest.js';
// The object store's light modules only: the S3 client loads with bucket.ts, when a bucket is used.
import { objectStoreSettings, type ObjectStoreConfig } from '../object-store/settings.js';
import { isObjectUrl, isPrefix, parseObjectUrl, type ObjectUrl } from '../object-store/url.js';

export const BUCKET_MODES = ['upload', 'stream'] as const;
export type BucketMode = (typeof BUCKET_MODES)[number];

export interface BucketDestination {
  /** A prefix (ends in /: the backup gets its usual auto name under it) or one object's key. */
  url: ObjectUrl;
  store: ObjectStoreConfig;
  /** upload: local file first, then a copy in the bucket; stream: straight into the bucket. */
  mode: BucketMode;
}

export function bucketDestination(inputs: Inputs, env: NodeJS.ProcessEnv, format: BackupFormat): BucketDestination | undefined {
  const output = inputs.string('output');
  if (!isObjectUrl(output)) {
    // Only stream is refused: a runner passes action.yml's default (upload) with every backup.
    if (inputs.oneOf('s3-mode', BUCKET_MODES) === 'stream') {
      throw new AzaError(
        'INVALID_INPUT',
        `${inputs.label('s3-mode')} stream needs an s3:// output`,
        `Give ${inputs.label('output')} as s3://bucket/prefix/, or drop ${inputs.label('s3-mode')}.`,
      );
    }
    return undefined;
  }
  const url = parseObjectUrl(output!, inputs.label('output'));
  if (format === 'directory') {
    // A directory archive is many files: as objects there is no one object to make atomic, check or restore from.
    throw new AzaError(
      'INVALID_INPUT',
      'The directory format cannot be sent to object storage: it is a tree of files, not one object',
      'Use format custom (one file) or plain for an s3:// output.',
    );
  }
  if (!isPrefix(url) && url.key.endsWith('.manifest.json')) {
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('output')} names a manifest (${url.key}); the manifest is written beside the backup`,
      'Name the backup object, or give a prefix ending in /.',
    );
  }
  return { url, store: objectStoreSettings(inputs, env), mode: inputs.oneOf('s3-mode', BUCKET_MODES)! };
}
