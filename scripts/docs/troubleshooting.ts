/** docs/troubleshooting.md from the error catalogue: every code, what it means, what to do. */
import { ERROR_AREAS, ERROR_CATALOGUE, ERROR_CODES } from '../../src/core/error-catalogue.js';

/** Catalogue text is plain; keep markdown from reading <container> as a tag or *.crt as emphasis. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_<>[\]`]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
}

export function troubleshootingMarkdown(): string {
  const lines = [
    '<!-- Generated from src/core/error-catalogue.ts by `npm run docs`; do not edit. -->',
    '',
    '# Troubleshooting',
    '',
    'Every failure of an aza-pg action or command carries a stable code. The action fails its step with',
    'the message and a hint; the command prints `✗ Error: <message>` and the hint on stderr and exits 1',
    '(2 for `USAGE` and `INVALID_INPUT`). The hint printed with an error is often more precise than the',
    'one below (it names the file, host or input); this page says what each code means in general.',
    '',
  ];
  for (const [area, title] of ERROR_AREAS) {
    const codes = ERROR_CODES.filter((c) => ERROR_CATALOGUE[c].area === area);
    if (codes.length === 0) continue;
    lines.push(`## ${title}`, '');
    for (const code of codes) {
      const entry = ERROR_CATALOGUE[code];
      lines.push(`### \`${code}\``, '', escapeMarkdown(entry.meaning), '', `**What to do:** ${escapeMarkdown(entry.hint)}`, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
