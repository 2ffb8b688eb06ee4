/**
 * `aza-pg promote [-c NAME] [-d PATH] [-n] [-y]`: the spec's promote-replica.ts, with the
 * split-brain guard, replay checks and an online promotion. Without -y it shows the warnings and
 * asks for "yes" on the terminal; with no terminal and no -y it refuses.
 */
import { AzaError } from '../core/errors.js';
import { PROMOTE_OPTIONS, promoteReplica, promoteSettings } from '../core/promote/index.js';
import { ask, runCommand, type CommandSpec } from './legacy.js';

export const promoteSpec: CommandSpec = {
  name: 'promote',
  usage: 'aza-pg promote [-c NAME] [-d PATH] [-n] [-y] [options]',
  summary: 'Promote a replica to primary (failover): a container, a local data directory or a server over a connection.',
  options: PROMOTE_OPTIONS,
  maxPositionals: 0,
  examples: [
    'aza-pg promote                                   # container postgres-replica (or $POSTGRES_CONTAINER_NAME), asks first',
    'aza-pg promote -c my-replica -y                  # no confirmation (DANGEROUS!)',
    'aza-pg promote -n -y                             # no backup (faster, riskier)',
    'aza-pg promote -c postgres-replica --old-primary-container postgres-primary',
    'aza-pg promote --target data-dir -d /var/lib/postgresql/15/main --backup-dir /srv/backups',
    'PGPASSWORD=… aza-pg promote --target connection --host replica.internal -n -y',
  ],
};

export const promoteCommand = {
  spec: promoteSpec,
  main: (argv: readonly string[]) =>
    runCommand(promoteSpec, argv, async (cl, reporter) => {
      const settings = promoteSettings(cl.inputs, cl.positionals, process.env);
      const result = await promoteReplica(
        settings,
        {
          env: process.env,
          confirm: async (plan) => {
            const answer = await ask(`Type "yes" to promote ${plan.targetLabel} to primary: `);
            if (answer === undefined) {
              throw new AzaError(
                'CONFIRMATION_REQUIRED',
                `Promotion of ${plan.targetLabel} needs confirmation and there is no terminal to ask on; nothing was changed`,
                'Run it in a terminal, or pass -y (--yes) once you are sure.',
              );
            }
            return answer.trim() === 'yes';
          },
        },
        reporter,
      );
      if (result.promoted)
        reporter.info(
          `✓ ${result.target} is now a primary (timeline ${result.timeline}, ${(result.durationMs! / 1000).toFixed(2)} s without writes)`,
        );
    }),
};
