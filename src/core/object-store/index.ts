/**
 * Object storage (S3 and compatible stores): the only module that talks to one. Operations use
 * `ObjectStore` (one per bucket) with settings from `objectStoreSettings` and locations from
 * `parseObjectUrl`.
 */
export { ObjectStore, type ObjectBody, type ObjectHead, type ObjectInfo, type OpenUpload, type PutResult } from './store.js';
export { MIN_PART_BYTES, UPLOAD_QUEUE_SIZE, partSizeFor, type UploadHandle, type UploadOptions, type UploadResult } from './upload.js';
export {
  OBJECT_STORE_OPTIONS,
  describeStore,
  objectStoreSecrets,
  objectStoreSettings,
  type ObjectStoreConfig,
  type ObjectStoreCredentials,
} from './settings.js';
export { formatObjectUrl, isObjectUrl, isPrefix, joinKey, keyBaseName, keyPrefix, parseObjectUrl, type ObjectUrl } from './url.js';
export { httpStatus, isNotFound, s3Code, storeError } from './errors.js';
