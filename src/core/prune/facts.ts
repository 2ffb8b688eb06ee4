/** What a prune needs to know: the directory's entries, checked against their manifests, and the artifacts. Reads only. */
import { needArtifacts, type ArtifactService, type OperationDeps } from '../operation.js';
import type { Reporter } from '../report.js';
import type { PruneFacts } from './plan.js';
import { scanDirectory } from './scan.js';
import { scanBucket } from './bucket.js';
import type { PruneSettings } from './settings.js';

/** The artifact service, for listing and for deleting. */
export function pruneArtifacts(deps: OperationDeps): ArtifactService {
  return needArtifacts(deps, 'Artifacts can only be pruned in the GitHub action', 'Use the aza-pg/prune action with github-token.');
}

export async function gatherPruneFacts(settings: PruneSettings, deps: OperationDeps, reporter: Reporter): Promise<PruneFacts> {
  const now = (deps.now ?? (() => new Date()))();
  const facts: PruneFacts = { now };
  if (settings.bucket) {
    const b = settings.bucket;
    facts.scan = await reporter.step(`Check the backups in ${settings.directory}`, () => scanBucket(b, now));
  } else if (settings.directory) {
    const dir = settings.directory;
    facts.scan = await reporter.step(`Check the backups in ${dir}${settings.deep ? ' (sha256)' : ''}`, () =>
      scanDirectory(dir, settings.deep),
    );
  }
  if (settings.artifacts) {
    const service = pruneArtifacts(deps);
    const { prefix, token } = settings.artifacts;
    facts.artifacts = await reporter.step(`List the artifacts named ${prefix}*`, () => service.list({ prefix, token }));
  }
  return facts;
}
