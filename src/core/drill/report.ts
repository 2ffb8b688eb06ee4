/** What a drill tells: outputs as JSON for later steps, and the summary with its Mermaid diagrams. */
import type { AzaError } from '../errors.js';
import type { OutputValues } from '../operation.js';
import type { SummaryTable } from '../report.js';
import type { DrillResult } from './run.js';

const round = (n: number): number => Math.round(n * 1000) / 1000;

export function drillOutputs(r: DrillResult): OutputValues {
  return {
    passed: true,
    reason: '',
    'rto-seconds': round(r.rtoSeconds),
    'rpo-bytes': r.rpoBytes,
    'rpo-rows': r.rpoRows,
    'new-primary': r.newPrimary,
    timeline: JSON.stringify(r.timeline.map((t) => ({ step: t.name, start: round(t.startSeconds), seconds: round(t.seconds) }))),
    topology: JSON.stringify(r.topology),
  };
}

export function plannedDrillOutputs(): OutputValues {
  return {
    passed: undefined,
    reason: '',
    'rto-seconds': undefined,
    'rpo-bytes': undefined,
    'rpo-rows': undefined,
    'new-primary': undefined,
  };
}

export function drillFailureOutputs(error: AzaError): OutputValues {
  return { passed: false, reason: error.message };
}

/** Mermaid node ids must be plain words; container names may hold dashes and dots. */
const id = (name: string): string => `n_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;

export function drillSummary(r: DrillResult): SummaryTable {
  const topology = [
    'flowchart LR',
    `  ${id(r.newPrimary)}["${r.newPrimary} (primary)"]`,
    ...r.topology.replicas.map(
      (x) => `  ${id(r.newPrimary)} -->|${x.streaming ? 'streaming' : 'not streaming'}| ${id(x.name)}["${x.name}"]`,
    ),
    ...r.topology.fenced.map((x) => `  ${id(x)}["${x} (fenced)"]:::fenced`),
    '  classDef fenced stroke-dasharray: 5 5',
  ].join('\n');
  const timeline = [
    'gantt',
    '  title Failover drill',
    '  dateFormat x',
    '  axisFormat %S.%L s',
    ...r.timeline.map(
      (t, i) =>
        `  ${t.name.replace(/[:#;]/g, ' ')} :s${i}, ${Math.round(t.startSeconds * 1000)}, ${Math.max(1, Math.round(t.seconds * 1000))}ms`,
    ),
  ].join('\n');
  return {
    title: `Failover drill: ${r.oldPrimary} → ${r.newPrimary}`,
    rows: [
      ['RTO', `${r.rtoSeconds.toFixed(2)} s (fencing to the first write on ${r.newPrimary})`],
      [
        'RPO',
        r.rpoBytes === 0 && r.rpoRows === 0 ? '0 (the canary row survived)' : `${r.rpoBytes} bytes of WAL, ${r.rpoRows} canary row lost`,
      ],
      ['Canary LSN', r.canaryLsn],
      ['Catch-up', `${r.catchupSeconds.toFixed(2)} s`],
      ['New primary', `${r.newPrimary}${r.newTimeline === undefined ? '' : ` (timeline ${r.newTimeline})`}`],
      ['Replicas', r.topology.replicas.map((x) => `${x.name} (${x.streaming ? 'streaming' : 'not streaming'})`).join(', ') || 'none'],
      ['Fenced', r.topology.fenced.join(', ') || 'none (the old primary rejoined)'],
    ],
    sections: [
      {
        title: 'Timeline',
        header: ['Step', 'Start (s)', 'Duration (s)'],
        rows: r.timeline.map((t) => [t.name, t.startSeconds.toFixed(2), t.seconds.toFixed(2)]),
      },
    ],
    blocks: [
      { title: 'Topology', language: 'mermaid', text: topology },
      { title: 'Timeline', language: 'mermaid', text: timeline },
    ],
    notes: r.topology.fenced.includes(r.oldPrimary)
      ? [
          `The old primary ${r.oldPrimary} stays stopped: never start it as a primary again; rejoin it as a replica (pg_rewind) or rebuild it.`,
        ]
      : [`The old primary ${r.oldPrimary} was rewound and follows ${r.newPrimary} as a replica.`],
  };
}
