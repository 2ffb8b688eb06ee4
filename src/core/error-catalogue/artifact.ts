/** Error codes: GitHub artifacts. One part of the catalogue that ../error-catalogue.ts merges. */
import type { ErrorEntry } from './entry.js';

export const ARTIFACT_ERRORS = {
  // --- GitHub artifacts
  ARTIFACT_UNAVAILABLE: {
    area: 'artifact',
    meaning:
      "GitHub's artifact service cannot be used here (outside a job, on GitHub Enterprise Server, or without a valid runtime token).",
    hint: 'Upload and download run only inside a GitHub Actions job on github.com; do not set ACTIONS_RUNTIME_TOKEN yourself.',
  },
  ARTIFACT_UPLOAD_FAILED: {
    area: 'artifact',
    meaning: 'Uploading the backup as a workflow artifact failed.',
    hint: 'Artifact storage errors are often temporary: re-run the job. If it keeps failing, check https://www.githubstatus.com and the storage quota.',
  },
  ARTIFACT_DOWNLOAD_FAILED: {
    area: 'artifact',
    meaning: 'Downloading a workflow artifact failed.',
    hint: 'Artifact storage errors are often temporary: re-run the job. If it keeps failing, check https://www.githubstatus.com.',
  },
  ARTIFACT_NOT_FOUND: {
    area: 'artifact',
    meaning: 'No artifact of that name exists in this workflow run.',
    hint: "Check the name matches the backup step's artifact-name, that the backup ran in this run, and that the artifact has not expired.",
  },
  ARTIFACT_API_FAILED: {
    area: 'artifact',
    meaning: "GitHub's REST API refused or failed a request about workflow artifacts.",
    hint: 'Check that the job token may read and delete artifacts (permissions: actions: write) and re-run; the status code follows the message.',
  },
  ARTIFACT_CORRUPT: {
    area: 'artifact',
    meaning: 'The downloaded artifact does not match the digest recorded at upload.',
    hint: 'Retry; if it persists, do not trust this backup.',
  },
} as const satisfies Record<string, ErrorEntry>;
