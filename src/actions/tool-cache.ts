/**
 * The runner's tool cache for the core (OperationDeps.toolCache): @actions/tool-cache lives on the
 * action side, because the core must not import @actions/*. Download failures become AzaErrors.
 */
import * as core from '@actions/core';
import * as tc from '@actions/tool-cache';
import { AzaError } from '../core/errors.js';
import type { ToolCacheService } from '../core/operation.js';

export const githubToolCache: ToolCacheService = {
  find(tool, versionSpec) {
    const dir = tc.find(tool, versionSpec);
    return dir === '' ? undefined : dir;
  },
  cacheDir(dir, tool, version) {
    return tc.cacheDir(dir, tool, version);
  },
  async download(url) {
    try {
      return await tc.downloadTool(url);
    } catch (e) {
      const status = e instanceof tc.HTTPError ? ` (HTTP ${e.httpStatusCode})` : '';
      throw new AzaError('DOWNLOAD_FAILED', `Could not download ${url}${status}: ${(e as Error).message}`);
    }
  },
  addPath(dir) {
    core.addPath(dir);
  },
};
