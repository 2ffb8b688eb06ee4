/** Error codes: Backup directories and retention. One part of the catalogue that ../error-catalogue.ts merges. */
import type { ErrorEntry } from './entry.js';

export const PRUNE_ERRORS = {
  // --- Backup directories and retention
  BACKUP_DIR_NOT_FOUND: {
    area: 'prune',
    meaning: 'The backup directory to read does not exist, or is not a directory.',
    hint: 'Give the directory the backups are written to (the output-dir of aza-pg backup).',
  },
  BACKUP_DIR_UNREADABLE: {
    area: 'prune',
    meaning: 'The backup directory cannot be listed by this user.',
    hint: 'Check its permissions (ls -ld DIR) and run as a user who may read it.',
  },
  MIN_KEEP_UNMET: {
    area: 'prune',
    meaning: 'Fewer complete backups exist than min-keep asks to keep; nothing was deleted.',
    hint: 'Take backups first, or lower min-keep to the number of complete backups there are.',
  },
  PRUNE_FAILED: {
    area: 'prune',
    meaning: 'Some deletions of a prune failed; the others were done.',
    hint: 'Check the permissions of the directory and its files; a backup left half-deleted is listed as incomplete and removed by a later run with delete-incomplete.',
  },
} as const satisfies Record<string, ErrorEntry>;
