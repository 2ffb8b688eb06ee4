/**
 * The error catalogue is the list of every code the suite throws. tsc already refuses an unknown
 * code at a `new AzaError(...)`; this test reads the sources for the places tsc cannot see through
 * (codes compared, kept in variables, carried in report records) and checks the generated
 * docs/troubleshooting.md is current.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ERROR_CATALOGUE, ERROR_CODES, isErrorCode } from '../../src/core/error-catalogue.js';
import { AzaError, toAzaError } from '../../src/core/errors.js';
import { troubleshootingMarkdown } from '../../scripts/docs/troubleshooting.js';

const root = join(import.meta.dirname, '..', '..');
const catalogueFile = join(root, 'src', 'core', 'error-catalogue.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

const sources = sourceFiles(join(root, 'src'))
  .filter((f) => f !== catalogueFile)
  .map((f) => ({ file: relative(root, f), text: readFileSync(f, 'utf8') }));

/** Codes where they are thrown (`AzaError(`, a subclass's `super(`, `toAzaError(e, …)`, a wrapper) or set and compared (`code`). */
function codesInUse(text: string): string[] {
  const found: string[] = [];
  const call = /(?:AzaError|super|wrap|toAzaError\([^,()]*,)\(?\s*'([A-Z][A-Z0-9_]*)'/g;
  for (const m of text.matchAll(call)) found.push(m[1]!);
  // A line that sets or compares a code: `code: 'X'`, `code = cond ? 'X' : 'Y'`, `e.code === 'X'`.
  for (const line of text.split('\n')) {
    if (!/\bcode\b\s*(?::\s*ErrorCode\s*)?(?:[:=]|===|!==)/.test(line)) continue;
    for (const m of line.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'/g)) found.push(m[1]!);
  }
  return found;
}

describe('error catalogue', () => {
  test('every code thrown, set or compared in src/ is in the catalogue', () => {
    const missing = sources.flatMap(({ file, text }) =>
      codesInUse(text)
        .filter((c) => !isErrorCode(c) && !/^E[A-Z]+$/.test(c))
        .map((c) => `${file}: ${c}`),
    );
    expect(missing).toEqual([]);
    // The scan sees the throw sites: most of the catalogue is found through them.
    const seen = new Set(sources.flatMap(({ text }) => codesInUse(text)));
    expect(ERROR_CODES.filter((c) => seen.has(c)).length).toBeGreaterThan(ERROR_CODES.length * 0.9);
  });

  test('the scan finds the codes it is meant to find (it would fail on a new one)', () => {
    expect(codesInUse("throw new AzaError(\n  'NO_SUCH_CODE', 'm')")).toEqual(['NO_SUCH_CODE']);
    expect(codesInUse("const code: ErrorCode = up ? 'A_B' : 'C_D';")).toEqual(['A_B', 'C_D']);
    expect(codesInUse("problems.push({ code: 'X_Y', message })")).toEqual(['X_Y']);
    expect(codesInUse("if (err.code === 'USAGE') return 2;")).toEqual(['USAGE']);
  });

  test('every catalogue code is used somewhere in src/ (no entry outlives its code)', () => {
    const all = sources.map((s) => s.text).join('\n');
    const unused = ERROR_CODES.filter((c) => !all.includes(`'${c}'`));
    expect(unused).toEqual([]);
  });

  test('every entry says what it means and what to do', () => {
    for (const code of ERROR_CODES) {
      const { meaning, hint } = ERROR_CATALOGUE[code];
      expect(`${code}: ${meaning}`).toMatch(/^[A-Z_0-9]+: \S.{15,}[.)]$/);
      expect(`${code}: ${hint}`).toMatch(/^[A-Z_0-9]+: \S.{15,}[.)]$/);
    }
  });

  test("an error without its own hint gets the catalogue's; its own hint wins", () => {
    expect(new AzaError('DISK_FULL', 'full').hint).toBe(ERROR_CATALOGUE.DISK_FULL.hint);
    expect(new AzaError('DISK_FULL', 'full', 'Free /var.').hint).toBe('Free /var.');
    expect(toAzaError(new Error('boom')).describe()).toBe(`boom\n${ERROR_CATALOGUE.INTERNAL.hint}`);
  });

  test('docs/troubleshooting.md is generated from the catalogue and current (npm run docs)', () => {
    const doc = readFileSync(join(root, 'docs', 'troubleshooting.md'), 'utf8');
    expect(doc).toBe(troubleshootingMarkdown());
    for (const code of ERROR_CODES) expect(doc).toContain(`### \`${code}\``);
  });
});
