/** Error codes: S3-compatible object storage. One part of the catalogue that ../error-catalogue.ts merges. */
import type { ErrorEntry } from './entry.js';

export const OBJECT_STORE_ERRORS = {
  S3_CREDENTIALS_MISSING: {
    area: 'object-store',
    meaning: 'No credentials for the object store were found.',
    hint:
      'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials) in the environment, ' +
      'or the inputs s3-access-key-id and s3-secret-access-key from secrets.',
  },
  S3_CREDENTIALS_REJECTED: {
    area: 'object-store',
    meaning: 'The object store refused the credentials: an unknown access key, or a secret key that does not match it.',
    hint: 'Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the s3-* inputs) and, for temporary credentials, that AWS_SESSION_TOKEN has not expired.',
  },
  S3_ACCESS_DENIED: {
    area: 'object-store',
    meaning: 'The credentials are valid but may not do this in the bucket (a policy or ACL denies it).',
    hint: 'Grant the key s3:PutObject, s3:GetObject, s3:ListBucket, s3:DeleteObject and s3:AbortMultipartUpload on the bucket and prefix.',
  },
  S3_BUCKET_MISSING: {
    area: 'object-store',
    meaning: 'The bucket named in the s3:// URL does not exist at this endpoint.',
    hint: 'Check the bucket name and the endpoint/region (AWS_ENDPOINT_URL, AWS_REGION), or create the bucket first (aws s3 mb s3://NAME).',
  },
  S3_UNREACHABLE: {
    area: 'object-store',
    meaning: 'The object store endpoint could not be reached (connection refused, unknown host, time-out).',
    hint: 'Check the endpoint URL (AWS_ENDPOINT_URL or input s3-endpoint), that the server is running, and that no firewall or proxy blocks it.',
  },
  S3_OBJECT_EXISTS: {
    area: 'object-store',
    meaning: 'An object of that name is already in the bucket, and overwrite was not asked for.',
    hint: 'Choose another name or prefix, delete the object first, or pass --overwrite (input overwrite: true).',
  },
  S3_OBJECT_MISSING: {
    area: 'object-store',
    meaning: 'No object of that name is in the bucket.',
    hint: 'Check the s3:// URL (aws s3 ls s3://BUCKET/PREFIX/ lists what is there).',
  },
  S3_UPLOAD_FAILED: {
    area: 'object-store',
    meaning: 'An upload to the object store failed or was interrupted; its multipart upload was aborted, so nothing half-written is left.',
    hint: 'Check the message for the cause (network, quota, permissions) and take the backup again.',
  },
  S3_REQUEST_FAILED: {
    area: 'object-store',
    meaning: 'The object store refused or failed a request for another reason; its S3 error code and HTTP status follow the message.',
    hint: "Look up the S3 error code in the store's documentation; errors with status 5xx are often temporary: retry.",
  },
} as const satisfies Record<string, ErrorEntry>;
