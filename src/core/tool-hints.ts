/** What to say when a command is not there: its name and how to install it. */
import { AzaError } from './errors.js';

export function commandNotFound(cmd: string): AzaError {
  const name = cmd.split('/').pop() ?? cmd;
  return new AzaError('TOOL_NOT_FOUND', `Required command not found: ${name}`, installHint(name));
}

export function installHint(name: string): string {
  const pgTools = ['pg_dump', 'pg_restore', 'psql', 'pg_isready', 'pg_basebackup', 'pg_ctl', 'initdb', 'pg_dumpall'];
  if (pgTools.includes(name)) {
    return [
      'Install the PostgreSQL client tools:',
      '  macOS:          brew install postgresql@18',
      '  Ubuntu/Debian:  sudo apt-get install postgresql-client',
      '  Alpine:         apk add postgresql-client',
      'or point --pg-bin-dir (input pg-bin-dir) at the directory that holds them.',
    ].join('\n');
  }
  if (name === 'docker') return 'Install Docker and make sure the daemon is running (docker info).';
  return `Install ${name} and make sure it is on PATH.`;
}
