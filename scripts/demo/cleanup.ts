// The demo's own leftovers: its clusters and its work directory go away on a normal end, on a
// failure, and on Ctrl-C or a kill (SIGINT/SIGTERM). The interrupt handlers are the faces' own
// (exec.ts: stop child processes, run cleanups, exit 130/143); the clusters' exit hook then stops
// any throw-away server an operation made (verify's scratch cluster).
import { rmSync } from 'node:fs';
import type { Cluster } from '../../src/core/cluster.js';
import { installInterruptHandlers, onInterrupt } from '../../src/core/exec.js';

export class DemoCleanup {
  private readonly clusters: Cluster[] = [];

  constructor(private readonly workDir: string) {
    installInterruptHandlers((m) => process.stderr.write(`\n${m}\n`));
    onInterrupt(() => this.nowSync());
  }

  track(cluster: Cluster): Cluster {
    this.clusters.push(cluster);
    return cluster;
  }

  /** On an interrupt: synchronous, servers first (their data lives under the work directory). */
  nowSync(): void {
    for (const c of this.clusters) c.destroySync();
    rmSync(this.workDir, { recursive: true, force: true });
  }

  async now(): Promise<void> {
    for (const c of this.clusters) await c.destroy();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
