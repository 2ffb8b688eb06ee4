/**
 * Every relative link in the user documentation resolves: README.md, SECURITY.md, CHANGELOG.md,
 * workflows/README.md and docs/ (task guides included). A link to a file must name one that
 * exists; a link with #anchor must name a heading of that page, as GitHub makes its anchors.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../harness/restore-helpers.js';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
  );
}

const FILES = [
  ...['README.md', 'SECURITY.md', 'CHANGELOG.md', 'workflows/README.md'].map((f) => join(ROOT, f)),
  ...markdownFiles(join(ROOT, 'docs')),
];

/** The text outside fenced code blocks, line by line (a `# comment` in a shell block is no heading). */
function proseLines(text: string): string[] {
  let fenced = false;
  return text.split('\n').filter((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of proseLines(text)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]!
      .toLowerCase()
      .replace(/<[^>]+>/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Inline links and images outside code: [text](target) with the target's title dropped. */
function links(text: string): string[] {
  const out: string[] = [];
  for (const line of proseLines(text)) {
    const withoutCode = line.replace(/`[^`]*`/g, '');
    for (const m of withoutCode.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1]!);
  }
  return out;
}

function broken(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const problems: string[] = [];
  for (const target of links(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not ours to check offline
    const [path, anchor] = target.split('#', 2) as [string, string | undefined];
    const resolved = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
    if (!existsSync(resolved)) {
      problems.push(`${target}: no such file ${relative(ROOT, resolved)}`);
      continue;
    }
    if (anchor !== undefined && statSync(resolved).isFile() && resolved.endsWith('.md')) {
      if (!headingAnchors(readFileSync(resolved, 'utf8')).has(anchor.toLowerCase())) {
        problems.push(`${target}: no heading #${anchor} in ${relative(ROOT, resolved)}`);
      }
    }
  }
  return problems;
}

test('the checker finds links, skips code, and makes anchors as GitHub does', () => {
  const page = [
    '# Retention: `aza-pg prune`',
    '## 4. Every night',
    '## Notes',
    '## Notes',
    '```bash',
    '# not a heading [nor](a-link.md)',
    '```',
    'See [a](x.md#y), ![img](i.png "t") and `[code](no.md)`, [web](https://example.com).',
  ].join('\n');
  expect([...headingAnchors(page)]).toEqual(['retention-aza-pg-prune', '4-every-night', 'notes', 'notes-1']);
  expect(links(page)).toEqual(['x.md#y', 'i.png', 'https://example.com']);
});

test('the documentation has a task index and every task guide it promises', () => {
  const index = readFileSync(join(ROOT, 'docs/README.md'), 'utf8');
  for (const task of [
    'first-backup',
    'restore',
    'monthly-restore-test',
    'failover-and-drills',
    'tls',
    'retention',
    'monitoring',
    'upgrading-the-client',
    'security-notes',
  ]) {
    expect(index).toContain(`(tasks/${task}.md)`);
  }
  expect(index).toContain('(troubleshooting.md)');
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('(docs/README.md)');
});

describe.each(FILES.map((f) => [relative(ROOT, f), f]))('%s', (_name, file) => {
  test('every relative link resolves', () => {
    expect(broken(file)).toEqual([]);
  });
});
