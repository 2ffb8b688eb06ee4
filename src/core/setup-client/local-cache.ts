/**
 * The tool cache of the command line: a directory laid out as the runner's
 * (<root>/<tool>/<version>/<arch>, complete when <arch>.complete exists beside it), at
 * AZA_PG_TOOL_CACHE, else RUNNER_TOOL_CACHE, else ~/.cache/aza-pg/tools. Downloads use fetch.
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AzaError } from '../errors.js';
import { uniqueTag } from '../fs.js';
import type { ToolCacheService } from '../operation.js';

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** "17.x" or "17" matches 17.*.*; "17.2.0" only itself. */
function matches(version: string, spec: string): boolean {
  const want = spec.split('.').filter((p) => p !== 'x');
  return want.every((p, i) => version.split('.')[i] === p);
}

export function localToolCache(env: NodeJS.ProcessEnv): ToolCacheService {
  const root = env.AZA_PG_TOOL_CACHE || env.RUNNER_TOOL_CACHE || join(homedir(), '.cache', 'aza-pg', 'tools');
  const arch = process.arch;
  return {
    find(tool, versionSpec) {
      const dir = join(root, tool);
      if (!existsSync(dir)) return undefined;
      const versions = readdirSync(dir)
        .filter((v) => /^\d+\.\d+\.\d+$/.test(v) && matches(v, versionSpec) && existsSync(join(dir, v, `${arch}.complete`)))
        .sort(compareVersions);
      const best = versions.pop();
      return best ? join(dir, best, arch) : undefined;
    },
    async cacheDir(source, tool, version) {
      const target = join(root, tool, version, arch);
      rmSync(target, { recursive: true, force: true });
      rmSync(`${target}.complete`, { force: true });
      mkdirSync(target, { recursive: true });
      await cp(source, target, { recursive: true, verbatimSymlinks: true });
      writeFileSync(join(root, tool, version, `${arch}.complete`), '');
      return target;
    },
    async download(url) {
      const file = join(tmpdir(), `aza-pg-download-${uniqueTag()}`);
      let response: Response;
      try {
        response = await fetch(url);
      } catch (e) {
        throw new AzaError('DOWNLOAD_FAILED', `Could not download ${url}: ${(e as Error).message}`);
      }
      if (!response.ok || !response.body) {
        throw new AzaError('DOWNLOAD_FAILED', `Could not download ${url}: HTTP ${response.status} ${response.statusText}`);
      }
      try {
        await pipeline(
          Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
          createWriteStream(file, { mode: 0o600 }),
        );
      } catch (e) {
        rmSync(file, { force: true });
        throw new AzaError('DOWNLOAD_FAILED', `Could not download ${url}: ${(e as Error).message}`);
      }
      return file;
    },
  };
}
