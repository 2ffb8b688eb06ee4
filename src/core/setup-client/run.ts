/** Installs the client from its Debian package when the plan says so, and hands out its directory. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzaError } from '../errors.js';
import { run } from '../exec.js';
import { sha256File } from '../fs.js';
import type { OperationDeps } from '../operation.js';
import { discoverTool } from '../pg-tools.js';
import type { Reporter } from '../report.js';
import { CACHED_TOOL } from './facts.js';
import type { ClientSource, SetupClientPlan } from './plan.js';

export interface SetupClientResult {
  binDir: string;
  version: string;
  major: number;
  source: ClientSource;
  server?: { where: string; version: string };
  /** Whether the directory was put on PATH for the later steps (the action does; a command cannot). */
  onPath: boolean;
}

/** "15.18" -> "15.18.0": the tool cache keys versions by semver. */
export function cacheVersion(version: string): string {
  const parts = version.split('.');
  while (parts.length < 3) parts.push('0');
  return parts.slice(0, 3).join('.');
}

export async function runSetupClient(plan: SetupClientPlan, deps: OperationDeps, reporter: Reporter): Promise<SetupClientResult> {
  let binDir = plan.binDir;
  let version = plan.version;
  if (plan.source === 'package') {
    const installed = await reporter.step(`Install the PostgreSQL ${plan.major} client from its package`, () =>
      installPackage(plan, deps, reporter),
    );
    binDir = installed.binDir;
    version = installed.version;
  }
  const addPath = plan.facts.toolCache.addPath;
  if (addPath) addPath(binDir!);
  reporter.info(`PostgreSQL ${plan.major} client: ${binDir} (${version})`);
  return {
    binDir: binDir!,
    version: version!,
    major: plan.major,
    source: plan.source,
    ...(plan.server ? { server: plan.server } : {}),
    onPath: addPath !== undefined,
  };
}

async function installPackage(
  plan: SetupClientPlan,
  deps: OperationDeps,
  reporter: Reporter,
): Promise<{ binDir: string; version: string }> {
  const pkg = plan.package!;
  const work = mkdtempSync(join(tmpdir(), 'aza-pg-client-'));
  try {
    let file: string;
    if ('url' in pkg) {
      reporter.info(`Downloading ${pkg.url}`);
      file = await plan.facts.toolCache.download(pkg.url);
    } else {
      if (!existsSync(pkg.file))
        throw new AzaError('CLIENT_PACKAGE_INVALID', `The package ${pkg.file} does not exist`, 'Check the path (input package).');
      file = pkg.file;
    }
    try {
      if (plan.packageSha256) {
        const actual = await sha256File(file);
        if (actual !== plan.packageSha256) {
          throw new AzaError(
            'CLIENT_PACKAGE_INVALID',
            `The package's SHA-256 is ${actual}, not the ${plan.packageSha256} expected; nothing was installed`,
            'Check that the URL or file is the package you meant, and its checksum (sha256sum).',
          );
        }
      }
      const root = join(work, 'root');
      await unpackDeb(file, root, work);
      const majors = existsSync(join(root, 'usr/lib/postgresql')) ? readdirSync(join(root, 'usr/lib/postgresql')) : [];
      const prefix = majors.map((m) => join(root, 'usr/lib/postgresql', m)).find((d) => existsSync(join(d, 'bin', 'pg_dump')));
      if (!prefix) {
        throw new AzaError(
          'CLIENT_PACKAGE_INVALID',
          `The package holds no pg_dump under usr/lib/postgresql/<major>/bin: it is not a postgresql-client-<major> package`,
          `Give postgresql-client-${plan.major} (not the postgresql-client metapackage or libpq).`,
        );
      }
      const tool = (await discoverTool('pg_dump', { binDir: join(prefix, 'bin'), env: deps.env }))[0];
      if (!tool) {
        throw new AzaError(
          'CLIENT_PACKAGE_INVALID',
          `The pg_dump of the package does not run on this machine`,
          'The package must be built for this system (its Debian or Ubuntu release and architecture), and libpq5 installed.',
        );
      }
      if (tool.major !== plan.major) {
        throw new AzaError(
          'CLIENT_PACKAGE_INVALID',
          `The package holds the PostgreSQL ${tool.major} client (${tool.version}), not ${plan.major}; nothing was installed`,
          `Give postgresql-client-${plan.major}.`,
        );
      }
      const cached = await plan.facts.toolCache.cacheDir(prefix, CACHED_TOOL, cacheVersion(tool.version));
      return { binDir: join(cached, 'bin'), version: tool.version };
    } finally {
      if ('url' in pkg) rmSync(file, { force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** dpkg-deb -x, or where dpkg is missing, ar and tar (a .deb is an ar archive holding data.tar.*). */
async function unpackDeb(file: string, root: string, work: string): Promise<void> {
  try {
    await run('dpkg-deb', ['-x', file, root]);
    return;
  } catch (e) {
    if (!(e instanceof AzaError && e.code === 'TOOL_NOT_FOUND')) throw invalidDeb(file, e);
  }
  const parts = join(work, 'ar');
  try {
    mkdirSync(parts, { recursive: true });
    mkdirSync(root, { recursive: true });
    await run('ar', ['x', file], { cwd: parts });
    const data = readdirSync(parts).find((n) => n.startsWith('data.tar'));
    if (!data) throw new AzaError('CLIENT_PACKAGE_INVALID', `${file} holds no data.tar: not a Debian package`);
    await run('tar', ['-xf', join(parts, data), '-C', root]);
  } catch (e) {
    throw invalidDeb(file, e);
  }
}

function invalidDeb(file: string, e: unknown): AzaError {
  if (e instanceof AzaError && (e.code === 'CLIENT_PACKAGE_INVALID' || e.code === 'TOOL_NOT_FOUND')) return e;
  return new AzaError(
    'CLIENT_PACKAGE_INVALID',
    `${file} could not be unpacked as a Debian package: ${(e as Error).message}`,
    'Check that it is a .deb (dpkg-deb --info <file>).',
  );
}
