/** The shape of a catalogue entry (../error-catalogue.ts). */

export type ErrorArea =
  | 'input'
  | 'connection'
  | 'tools'
  | 'files'
  | 'backup'
  | 'restore'
  | 'verify'
  | 'promote'
  | 'prune'
  | 'status'
  | 'certs'
  | 'artifact'
  | 'object-store'
  | 'internal';

export interface ErrorEntry {
  area: ErrorArea;
  /** What happened, in general terms. */
  meaning: string;
  /** What to do; the default hint. */
  hint: string;
}
