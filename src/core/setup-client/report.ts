/** What setup-client tells: the outputs and the summary both faces print. */
import type { OutputValues } from '../operation.js';
import type { SummaryTable } from '../report.js';
import type { SetupClientPlan } from './plan.js';
import type { SetupClientResult } from './run.js';

export function setupClientOutputs(r: SetupClientResult): OutputValues {
  return { 'bin-dir': r.binDir, version: r.version, major: r.major, source: r.source };
}

export function plannedSetupClientOutputs(plan: SetupClientPlan): OutputValues {
  return { 'bin-dir': plan.binDir ?? '', version: plan.version ?? '', major: plan.major, source: plan.source };
}

const FROM: Record<SetupClientResult['source'], string> = {
  installed: 'already on this machine',
  'tool-cache': 'the tool cache',
  package: 'its package, now in the tool cache',
};

export function setupClientSummary(r: SetupClientResult): SummaryTable {
  const rows: Array<[string, string]> = [
    ['Client', `PostgreSQL ${r.version}`],
    ['Directory', r.binDir],
    ['From', FROM[r.source]],
  ];
  if (r.server) rows.push(['Server', `${r.server.where} (${r.server.version})`]);
  return {
    title: `PostgreSQL ${r.major} client`,
    rows,
    notes: [
      r.onPath
        ? 'The directory is on PATH for the later steps; pass it as pg-bin-dir to pin it.'
        : `Pass it to the other commands: --pg-bin-dir ${r.binDir}`,
    ],
  };
}
