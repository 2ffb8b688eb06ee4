/**
 * The judgement of the nodes together: a split brain (more than one primary) and a primary short of
 * its replicas; and the topology drawn as a Mermaid flowchart.
 */
import { formatBytes } from '../report.js';
import type { NodeFacts } from './facts.js';
import { formatAge, lsnBytes, type Finding, type NodeStatus, type StatusReport } from './model.js';
import type { StatusThresholds } from './settings.js';

/** Findings about the primaries among the nodes; the split brain, if any, for the report. */
export function judgeTopology(
  nodes: NodeFacts[],
  up: NodeFacts[],
  primaries: NodeFacts[],
  t: StatusThresholds,
  findings: Finding[],
): StatusReport['splitBrain'] {
  let splitBrain: StatusReport['splitBrain'];
  if (primaries.length > 1) {
    const newest = primaries.reduce((a, b) => (lsnBytes(b.server!.currentLsn ?? '0/0') > lsnBytes(a.server!.currentLsn ?? '0/0') ? b : a));
    const ids = new Set(primaries.map((p) => p.server!.systemIdentifier).filter(Boolean));
    splitBrain = { primaries: primaries.map((p) => p.spec.label), newest: newest.spec.label };
    const list = primaries.map((p) => `${p.spec.label} (WAL ${p.server!.currentLsn}, timeline ${p.server!.timeline ?? '?'})`).join(', ');
    findings.push({
      severity: 'critical',
      code: 'SPLIT_BRAIN',
      check: 'split-brain',
      message: `Split brain: ${primaries.length} nodes accept writes: ${list}. ${newest.spec.label} has the newest WAL position${ids.size > 1 ? '; their system identifiers differ, so they are not even copies of one cluster: check the node list' : ''}`,
      hint: `Stop every other primary now (docker stop, pg_ctl stop), keep ${newest.spec.label}, then rebuild the others as its replicas (pg_basebackup or pg_rewind) and check again that only one primary remains.`,
    });
  } else if (primaries.length === 0 && up.length > 0 && up.length === nodes.length) {
    findings.push({ severity: 'warning', check: 'no-primary', message: 'No node accepts writes: every node given is a replica' });
  }

  // With one primary among the nodes, every other node given is meant to stream from it.
  const expected = t.minReplicas ?? (primaries.length === 1 && nodes.length > 1 ? nodes.length - 1 : undefined);
  if (expected !== undefined) {
    for (const p of primaries) {
      const streaming = p.standbys.filter((s) => s.state === 'streaming').length;
      if (streaming < expected) {
        findings.push({
          severity: 'critical',
          code: 'REPLICAS_MISSING',
          check: 'replicas-missing',
          node: p.spec.label,
          message: `${p.spec.label} streams to ${streaming} replica${streaming === 1 ? '' : 's'}, ${expected} expected: a replica is stopped or disconnected`,
          hint: 'See which replica is down or not streaming in the table; its server log says why.',
        });
      }
    }
  }

  return splitBrain;
}

function mermaidText(s: string): string {
  return s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function lagLabel(n: NodeStatus): string {
  const parts: string[] = [];
  if (n.lagBytes !== undefined) parts.push(formatBytes(n.lagBytes));
  if (n.lagSeconds !== undefined) parts.push(formatAge(n.lagSeconds));
  if (n.replayPaused) parts.push('replay paused');
  return parts.join(', ') || 'lag unknown';
}

/** primary --> replica (lag); down nodes red, split-brain primaries red, disconnected replicas on a dotted edge. */
export function topologyDiagram(r: StatusReport): string {
  const id = new Map(r.nodes.map((n, i) => [n.label, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of r.nodes) {
    const detail =
      n.role === 'down'
        ? 'DOWN'
        : `${n.role}${n.timeline !== undefined ? `, timeline ${n.timeline}` : ''}<br/>${n.role === 'primary' ? (n.currentLsn ?? '') : `replayed ${n.replayLsn ?? '?'}`}`;
    const cls = n.role === 'down' || (n.role === 'primary' && r.splitBrain) ? 'critical' : n.role;
    lines.push(`  ${id.get(n.label)}["${mermaidText(n.label)}<br/>${detail}"]:::${cls}`);
  }
  for (const n of r.nodes) {
    if (n.role !== 'replica' || !n.upstream) continue;
    const from = id.get(n.upstream)!;
    const to = id.get(n.label)!;
    if (n.streaming) lines.push(`  ${from} -->|"${mermaidText(lagLabel(n))}"| ${to}`);
    else lines.push(`  ${from} -.->|"disconnected"| ${to}`);
  }
  r.nodes.forEach((p, i) => {
    if (p.role !== 'primary') return;
    const given = r.nodes.filter((n) => n.upstream === p.label && n.streaming).length;
    const others = p.standbys.length - given;
    if (others > 0) {
      lines.push(`  x${i}["${others} standby${others === 1 ? '' : 's'} not in the node list"]:::other`);
      lines.push(`  n${i} --> x${i}`);
    }
  });
  lines.push(
    '  classDef primary fill:#d4edda,stroke:#28a745',
    '  classDef replica fill:#e8f0fe,stroke:#1a73e8',
    '  classDef critical fill:#f8d7da,stroke:#dc3545',
    '  classDef other fill:#f5f5f5,stroke:#999,stroke-dasharray:3',
  );
  return lines.join('\n');
}
