/**
 * `npm run release -- <version> [--only backup,verify] [--target <url or path with {name}>] [--dist <dir>]`
 * (bun scripts/release.ts): publishes every action of the registry as its own repository, so a
 * workflow can say `uses: aza-pg/backup@v1`.
 *
 * For each action it builds a tree: action.yml at the root (runs.main pointing at the bundle
 * inside the tree), dist/ (the bundle, its package.json and licenses.txt), README.md, LICENSE and
 * THIRD_PARTY_NOTICES.txt (the licences of what the bundle contains). It commits that tree on
 * `main` of the action's repository (--target, default https://github.com/aza-pg/{name}.git; a
 * path or file:// URL of a bare repository works the same), tags it v<version> and moves the
 * major tag (v1) there. A tag that exists already is refused before anything is pushed.
 *
 * The bundles are built from this source into a staging directory (the working tree's dist/ is
 * left alone) unless --dist names bundles already built from it (CI's checked dist/).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { run } from '../src/core/exec.js';
import { OPERATIONS } from '../src/core/operations.js';
import { actionYml } from './docs/action-yml.js';

const root = join(import.meta.dirname, '..');
const SOURCE_REPOSITORY = 'https://github.com/aza-pg/actions';

export interface ReleaseOptions {
  version: string;
  /** Action names; all of the registry by default. */
  only?: string[];
  /** Repository of each action, `{name}` replaced by the action's name. */
  target: string;
  /** Bundles already built from this source (dist/<name>/); built into a staging directory otherwise. */
  dist?: string;
  log?: (line: string) => void;
}

export interface PublishedAction {
  name: string;
  repository: string;
  commit: string;
  tags: string[];
}

const GIT_IDENTITY = ['-c', 'user.name=aza-pg release', '-c', 'user.email=release@aza-pg.invalid', '-c', 'init.defaultBranch=main'];

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await run('git', [...GIT_IDENTITY, ...args], { cwd, timeoutMs: 300000 })).stdout.trim();
}

function fail(message: string): never {
  throw new Error(message);
}

/** The publishable tree of one action, written into `dir`. */
export function buildTree(name: string, dir: string, dist: string, version: string, sourceCommit: string): void {
  const op = OPERATIONS.find((o) => o.name === name) ?? fail(`No action named ${name}`);
  const bundle = join(dist, name);
  for (const f of ['index.js', 'package.json', 'licenses.txt']) {
    if (!existsSync(join(bundle, f))) fail(`${join(bundle, f)} is missing: build the bundle first (npm run bundle)`);
  }
  mkdirSync(join(dir, 'dist'), { recursive: true });
  for (const f of readdirSync(bundle)) cpSync(join(bundle, f), join(dir, 'dist', f), { recursive: true });
  writeFileSync(
    join(dir, 'action.yml'),
    actionYml(op, {
      main: 'dist/index.js',
      header: `# aza-pg/${name} v${version}, released from ${SOURCE_REPOSITORY} ${sourceCommit} by npm run release; do not edit.`,
    }),
  );
  const readme = readFileSync(join(root, 'actions', name, 'README.md'), 'utf8')
    .replaceAll(`aza-pg/actions/actions/${name}@v0`, `aza-pg/${name}@v${version.split('.')[0]}`)
    .replaceAll('***PROJECT***@***VERSION***', `aza-pg/${name}@v${version.split('.')[0]}`)
    .replaceAll('](../../docs/', `](${SOURCE_REPOSITORY}/blob/main/docs/`);
  writeFileSync(
    join(dir, 'README.md'),
    `${readme}\nReleased from [aza-pg/actions](${SOURCE_REPOSITORY}) v${version}; the suite's other actions, the CLI and the ` +
      `reusable workflows live there. Changes: [CHANGELOG.md](${SOURCE_REPOSITORY}/blob/main/CHANGELOG.md). ` +
      `Security: [SECURITY.md](${SOURCE_REPOSITORY}/blob/main/SECURITY.md).\n`,
  );
  cpSync(join(root, 'LICENSE'), join(dir, 'LICENSE'));
  writeFileSync(
    join(dir, 'THIRD_PARTY_NOTICES.txt'),
    `Third-party software bundled in dist/index.js, with its licences (from the bundler's licenses.txt):\n\n${readFileSync(join(bundle, 'licenses.txt'), 'utf8')}`,
  );
}

/** Commits `tree` on main of `repository`, tags v<version>, moves v<major>, pushes. */
export async function publishTree(
  tree: string,
  repository: string,
  version: string,
  message: string,
): Promise<{ commit: string; tags: string[] }> {
  const work = mkdtempSync(join(tmpdir(), 'aza-pg-release-'));
  try {
    const repo = join(work, 'repo');
    await git(work, 'clone', '-q', '--no-checkout', repository, repo);
    const tag = `v${version}`;
    if ((await git(repo, 'ls-remote', '--tags', 'origin', `refs/tags/${tag}`)) !== '') {
      fail(`${repository} has ${tag} already: a released version is never replaced (release a new version)`);
    }
    const hasMain =
      (await run('git', ['rev-parse', '--verify', '-q', 'refs/remotes/origin/main'], { cwd: repo, allowFailure: true })).code === 0;
    if (hasMain) await git(repo, 'checkout', '-q', '-B', 'main', 'origin/main');
    else await git(repo, 'checkout', '-q', '--orphan', 'main');
    // The tree replaces the previous release whole: a file it no longer has must go.
    await git(repo, 'rm', '-rq', '--ignore-unmatch', '.');
    cpSync(tree, repo, { recursive: true });
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-q', '--allow-empty', '-m', message);
    const commit = await git(repo, 'rev-parse', 'HEAD');
    await git(repo, 'tag', '-a', tag, '-m', `Release ${tag}`);
    const tags = [tag];
    // A pre-release (1.2.0-rc.1) does not move the major tag users follow.
    if (!version.includes('-')) {
      const major = `v${version.split('.')[0]}`;
      await git(repo, 'tag', '-f', '-a', major, '-m', `${major}: ${tag}`);
      tags.push(major);
    }
    await git(repo, 'push', '-q', 'origin', 'main', `refs/tags/${tag}`);
    if (tags[1]) await git(repo, 'push', '-q', '--force', 'origin', `refs/tags/${tags[1]}`);
    return { commit, tags };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function release(opts: ReleaseOptions): Promise<PublishedAction[]> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(opts.version)) fail(`Not a version: ${opts.version} (expected e.g. 1.0.0)`);
  const names = opts.only ?? OPERATIONS.map((o) => o.name);
  const unknown = names.filter((n) => !OPERATIONS.some((o) => o.name === n));
  if (unknown.length) fail(`No action named ${unknown.join(', ')} (actions: ${OPERATIONS.map((o) => o.name).join(', ')})`);
  if (!opts.target.includes('{name}')) fail(`--target must contain {name}: ${opts.target}`);

  const sourceCommit = await git(root, 'rev-parse', 'HEAD');
  const dirty = (await git(root, 'status', '--porcelain', '--', 'src', 'actions', 'scripts', 'package.json', 'package-lock.json')) !== '';
  const staging = mkdtempSync(join(tmpdir(), 'aza-pg-release-staging-'));
  try {
    let dist = opts.dist;
    if (!dist) {
      dist = join(staging, 'dist');
      log(`Bundling ${names.join(', ')} from ${sourceCommit.slice(0, 12)}${dirty ? ' (with uncommitted changes)' : ''}`);
      await run('node', ['scripts/bundle.mjs', ...names], {
        cwd: root,
        env: { ...process.env, AZA_PG_DIST_DIR: dist },
        timeoutMs: 1800000,
      });
    }
    const published: PublishedAction[] = [];
    for (const name of names) {
      const tree = join(staging, 'trees', name);
      buildTree(name, tree, dist, opts.version, sourceCommit);
      const repository = opts.target.replaceAll('{name}', name);
      const message = `aza-pg/${name} v${opts.version}\n\nFrom ${SOURCE_REPOSITORY} ${sourceCommit}${dirty ? ' (with uncommitted changes)' : ''}.`;
      const { commit, tags } = await publishTree(tree, repository, opts.version, message);
      log(`aza-pg/${name}: ${repository} ${commit.slice(0, 12)} ${tags.join(' ')}`);
      published.push({ name, repository, commit, tags });
    }
    return published;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { only: { type: 'string' }, target: { type: 'string' }, dist: { type: 'string' } },
    allowPositionals: true,
  });
  const [version] = positionals;
  if (!version || positionals.length > 1) {
    process.stderr.write('Usage: npm run release -- <version> [--only a,b] [--target <repository with {name}>] [--dist <dir>]\n');
    process.exit(2);
  }
  const dist = values.dist === undefined ? undefined : isAbsolute(values.dist) ? values.dist : resolve(values.dist);
  try {
    await release({
      version,
      target: values.target ?? process.env.AZA_PG_RELEASE_TARGET ?? 'https://github.com/aza-pg/{name}.git',
      ...(values.only ? { only: values.only.split(',').map((s) => s.trim()) } : {}),
      ...(dist ? { dist } : {}),
    });
  } catch (e) {
    process.stderr.write(`✗ ${(e as Error).message}\n`);
    process.exit(1);
  }
}
