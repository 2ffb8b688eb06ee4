/** Restore: settings, backup inspection, planning and the run (see docs/restore.md). */
export * from './settings.js';
export * from './plan.js';
export { inspectBackup, detectFormat, psqlKnowsRestrict, parseTocList, type BackupInspection, type RestoreFormat } from './inspect.js';
export { runRestore, restoreSummary, loadFailure, type RestoreDeps, type RestoreResult } from './run.js';
