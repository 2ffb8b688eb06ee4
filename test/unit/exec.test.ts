/**
 * The process runner and pipeline with real processes (sh, cat, head): exit statuses of every
 * stage are checked, a producer that dies is reported as itself, secrets are scrubbed, and a
 * missing command says so with an install hint.
 */
import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable, Transform, Writable } from 'node:stream';
import { AzaError } from '../../src/core/errors.js';
import {
  commandNotFound,
  findOnPath,
  onInterrupt,
  processFailure,
  redact,
  run,
  runPipeline,
  type ProcessStage,
} from '../../src/core/exec.js';
import { MeasureStream } from '../../src/core/compress.js';
import { azaRejectionOf } from '../harness/expect-errors.js';

class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.chunks.push(chunk);
    cb();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

const sh = (script: string): ProcessStage => ({ kind: 'process', cmd: 'sh', args: ['-c', script] });

describe('run', () => {
  test('stdout, stderr, input, environment and cwd', async () => {
    const r = await run('sh', ['-c', 'cat; echo "$FOO" >&2; pwd'], {
      input: 'in-data\n',
      env: { PATH: process.env.PATH, FOO: 'bar' },
      cwd: '/tmp',
    });
    expect(r).toEqual({ code: 0, signal: null, stdout: 'in-data\n/tmp\n', stderr: 'bar\n' });
  });

  test('a failing command throws COMMAND_FAILED with its code and stderr', async () => {
    const e = await azaRejectionOf(run('sh', ['-c', 'echo "it broke" >&2; exit 3']));
    expect([e.code, e.message]).toEqual(['COMMAND_FAILED', 'sh exited with code 3: it broke']);
  });

  test('allowFailure returns the result instead', async () => {
    const r = await run('sh', ['-c', 'echo out; exit 4'], { allowFailure: true });
    expect([r.code, r.stdout]).toEqual([4, 'out\n']);
  });

  test('a command killed by a signal is reported as such', async () => {
    const e = await azaRejectionOf(run('sh', ['-c', 'kill -9 $$']));
    expect(e.message).toBe('sh was killed by SIGKILL');
  });

  test('secrets are scrubbed from stderr and the error', async () => {
    const e = await azaRejectionOf(run('sh', ['-c', 'echo "auth failed for hunter2-pw" >&2; exit 1'], { secrets: ['hunter2-pw'] }));
    expect(e.message).toBe('sh exited with code 1: auth failed for ***');
    const r = await run('sh', ['-c', 'echo hunter2-pw >&2'], { secrets: ['hunter2-pw'] });
    expect(r.stderr).toBe('***\n');
  });

  test('a missing command: TOOL_NOT_FOUND with an install hint', async () => {
    const e = await azaRejectionOf(run('/nonexistent/bin/pg_dump', ['--version']));
    expect([e.code, e.message]).toEqual(['TOOL_NOT_FOUND', 'Required command not found: pg_dump']);
    expect(e.hint).toContain('sudo apt-get install postgresql-client');
    expect(e.hint).toContain('brew install postgresql@18');
    expect(e.hint).toContain('apk add postgresql-client');
  });

  test('timeout kills the child', async () => {
    const started = Date.now();
    const e = await azaRejectionOf(run('sleep', ['30'], { timeoutMs: 300 }));
    expect(e.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('umask applies to files the child creates', async () => {
    const file = `/tmp/aza-exec-umask-${process.pid}-${Date.now()}`;
    try {
      await run('sh', ['-c', `echo x > ${file}`], { umask: 0o077 });
      const mode = (await run('stat', ['-c', '%a', file])).stdout.trim();
      expect(mode).toBe('600');
    } finally {
      await run('rm', ['-f', file]);
    }
  });
});

describe('redact, commandNotFound, processFailure', () => {
  test('redact replaces every occurrence and ignores empty secrets', () => {
    expect(redact('a pw b pw', ['pw', '', undefined])).toBe('a *** b ***');
  });
  test('hints for non-PostgreSQL tools', () => {
    expect(commandNotFound('zstd').hint).toBe('Install zstd and make sure it is on PATH.');
    expect(commandNotFound('/usr/bin/psql').message).toBe('Required command not found: psql');
  });
  test('processFailure keeps the tail of a long stderr', () => {
    const e = processFailure('/usr/bin/pg_dump', 1, null, `${'x'.repeat(5000)}END`);
    expect(e.message.startsWith('pg_dump exited with code 1: …')).toBe(true);
    expect(e.message.endsWith('END')).toBe(true);
    expect(e.message.length).toBeLessThan(2100);
  });
});

describe('runPipeline', () => {
  test('producer | process | transform -> sink, all bytes in order', async () => {
    const sink = new Collect();
    const measure = new MeasureStream();
    await runPipeline(
      [sh('seq 1 100000'), { kind: 'process', cmd: 'cat', args: [] }, { kind: 'transform', name: 'measure', stream: measure }],
      sink,
    );
    const expected = Array.from({ length: 100000 }, (_, i) => `${i + 1}\n`).join('');
    expect(sink.text()).toBe(expected);
    expect(measure.bytes).toBe(Buffer.byteLength(expected));
    expect(measure.sha256()).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  test('a producer that writes some output and then fails is a failure (not a short "success")', async () => {
    const sink = new Collect();
    const e = await azaRejectionOf(
      runPipeline(
        [
          sh('echo partial; echo "pg_dump: error: query failed" >&2; exit 1'),
          { kind: 'transform', name: 'pass', stream: new PassThrough() },
        ],
        sink,
      ),
    );
    expect([e.code, e.message]).toEqual(['COMMAND_FAILED', 'sh exited with code 1: pg_dump: error: query failed']);
  });

  test('a producer killed mid-stream is reported as killed, even though its consumer saw a clean EOF', async () => {
    const e = await azaRejectionOf(runPipeline([sh('seq 1 1000; kill -9 $$'), { kind: 'process', cmd: 'cat', args: [] }], new Collect()));
    expect(e.message).toBe('sh was killed by SIGKILL');
  });

  test('a middle stage that fails fails the pipeline and stops the producer', async () => {
    const started = Date.now();
    const e = await azaRejectionOf(
      runPipeline(
        [{ kind: 'process', cmd: 'yes', args: [] }, sh('head -c 10 >/dev/null; exit 5'), { kind: 'process', cmd: 'cat', args: [] }],
        new Collect(),
      ),
    );
    expect(e.message).toBe('sh exited with code 5');
    expect(Date.now() - started).toBeLessThan(10000);
  });

  test('a consumer that exits early (EPIPE) does not hide its own failure', async () => {
    const e = await azaRejectionOf(
      runPipeline([{ kind: 'process', cmd: 'yes', args: [] }, sh('head -c 5 >/dev/null; exit 7')], new Collect()),
    );
    expect(e.message).toBe('sh exited with code 7');
  });

  test('a failing in-process transform rejects and kills the producer', async () => {
    const boom = new Transform({
      transform(_c, _e, cb) {
        cb(new Error('transform exploded'));
      },
    });
    const started = Date.now();
    await expect(
      runPipeline(
        [
          { kind: 'process', cmd: 'yes', args: [] },
          { kind: 'transform', name: 'boom', stream: boom },
        ],
        new Collect(),
      ),
    ).rejects.toThrow('transform exploded');
    expect(Date.now() - started).toBeLessThan(10000);
  });

  test('a sink error such as ENOSPC wins over the EPIPE it causes upstream', async () => {
    const full = new Writable({
      write(_c, _e, cb) {
        const err = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        cb(err);
      },
    });
    const e = await runPipeline([{ kind: 'process', cmd: 'yes', args: [] }], full).catch((x: unknown) => x);
    expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
  });

  test('a missing command in a pipeline', async () => {
    const e = await azaRejectionOf(
      runPipeline([sh('echo x'), { kind: 'process', cmd: 'definitely-not-a-command-aza', args: [] }], new Collect()),
    );
    expect(e.code).toBe('TOOL_NOT_FOUND');
    expect(e.message).toBe('Required command not found: definitely-not-a-command-aza');
    // With a producer that is still running (as pg_dump is), it is stopped, and the missing
    // command is still what is reported, not "yes was killed by SIGTERM".
    const busy = await azaRejectionOf(
      runPipeline(
        [
          { kind: 'process', cmd: 'yes', args: [] },
          { kind: 'process', cmd: 'definitely-not-a-command-aza', args: [] },
        ],
        new Collect(),
      ),
    );
    expect([busy.code, busy.message]).toEqual(['TOOL_NOT_FOUND', 'Required command not found: definitely-not-a-command-aza']);
  });

  describe('stdoutBuffer: a larger stdio buffer through coreutils stdbuf', () => {
    test('stdbuf is installed here (the CI image has coreutils)', () => {
      expect(findOnPath('stdbuf', process.env.PATH)).toEqual(expect.stringMatching(/stdbuf$/));
    });

    test('the stage runs under stdbuf -o N (which tells its child through _STDBUF_O); without it, as it is', async () => {
      const echo = 'printf "%s" "${_STDBUF_O:-unset}"';
      const buffered = new Collect();
      await runPipeline([{ ...sh(echo), stdoutBuffer: 65536 }], buffered);
      expect(buffered.text()).toBe('65536');
      const plain = new Collect();
      await runPipeline([sh(echo)], plain);
      expect(plain.text()).toBe('unset');
    });

    test('the same bytes, in order, into a file descriptor', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'aza-exec-stdbuf-'));
      try {
        const fd = openSync(join(dir, 'out'), 'w');
        await runPipeline([{ kind: 'process', cmd: 'seq', args: ['1', '100000'], stdoutBuffer: 1 << 20 }], { fd });
        closeSync(fd);
        expect(readFileSync(join(dir, 'out'), 'utf8')).toBe(Array.from({ length: 100000 }, (_, i) => `${i + 1}\n`).join(''));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a failure is still named after the command, and so is a missing command', async () => {
      const failed = await azaRejectionOf(runPipeline([{ ...sh('echo partial; exit 3'), stdoutBuffer: 65536 }], new Collect()));
      expect(failed.message).toBe('sh exited with code 3');
      const missing = await azaRejectionOf(
        runPipeline([{ kind: 'process', cmd: 'definitely-not-a-command-aza', args: [], stdoutBuffer: 65536 }], new Collect()),
      );
      expect([missing.code, missing.message]).toEqual(['TOOL_NOT_FOUND', 'Required command not found: definitely-not-a-command-aza']);
    });
  });

  test('stderr reaches onStderr, scrubbed', async () => {
    const seen: string[] = [];
    await runPipeline([sh('echo "warning: pw=topsecret" >&2; echo ok')], new Collect(), {
      secrets: ['topsecret'],
      onStderr: (stage, text) => seen.push(`${stage}:${text}`),
    });
    expect(seen.join('')).toBe('sh:warning: pw=***\n');
  });

  describe('processes joined by kernel pipes into a file descriptor (no byte passes through us)', () => {
    const withFile = async (fn: (fd: number, path: string) => Promise<void>) => {
      const dir = mkdtempSync(join(tmpdir(), 'aza-exec-fd-'));
      const path = join(dir, 'out');
      const fd = openSync(path, 'w');
      try {
        await fn(fd, path);
      } finally {
        closeSync(fd);
        rmSync(dir, { recursive: true, force: true });
      }
    };

    test('producer | process | process -> file, every byte in order', () =>
      withFile(async (fd, path) => {
        await runPipeline(
          [sh('seq 1 100000'), { kind: 'process', cmd: 'gzip', args: ['-c'] }, { kind: 'process', cmd: 'gzip', args: ['-dc'] }],
          {
            fd,
          },
        );
        expect(readFileSync(path, 'utf8')).toBe(Array.from({ length: 100000 }, (_, i) => `${i + 1}\n`).join(''));
      }));

    test('a producer killed mid-stream fails the pipeline, though its consumer exits 0 on the EOF', () =>
      withFile(async (fd) => {
        const e = await azaRejectionOf(
          runPipeline([sh('seq 1 100000; kill -9 $$'), { kind: 'process', cmd: 'gzip', args: ['-c'] }], { fd }),
        );
        expect(e.message).toBe('sh was killed by SIGKILL');
      }));

    test('the consumer writing the file failing fails the pipeline, and the producer is not blamed', () =>
      withFile(async (fd) => {
        const e = await azaRejectionOf(runPipeline([{ kind: 'process', cmd: 'yes', args: [] }, sh('head -c 100000; exit 3')], { fd }));
        expect(e.message).toBe('sh exited with code 3');
      }));

    test('a missing consumer: named, and the producer never left running', () =>
      withFile(async (fd) => {
        const started = Date.now();
        const e = await azaRejectionOf(
          runPipeline(
            [
              { kind: 'process', cmd: 'yes', args: [] },
              { kind: 'process', cmd: 'definitely-not-a-command-aza', args: [] },
            ],
            { fd },
          ),
        );
        expect([e.code, e.message]).toEqual(['TOOL_NOT_FOUND', 'Required command not found: definitely-not-a-command-aza']);
        expect(Date.now() - started).toBeLessThan(10000);
      }));

    test('an in-process source feeding processes that write the file', () =>
      withFile(async (fd, path) => {
        await runPipeline(
          [
            { kind: 'source', name: 'text', stream: Readable.from(['a\n', 'b\n']) },
            { kind: 'process', cmd: 'cat', args: [] },
          ],
          {
            fd,
          },
        );
        expect(readFileSync(path, 'utf8')).toBe('a\nb\n');
      }));

    test('a file descriptor sink only after a process', async () => {
      await expect(runPipeline([{ kind: 'source', name: 's', stream: Readable.from(['x']) }], { fd: 1 })).rejects.toThrow(
        'a file descriptor sink follows a process',
      );
    });
  });

  test('a pipeline must start with a producer', async () => {
    await expect(runPipeline([{ kind: 'transform', name: 't', stream: new PassThrough() }], new Collect())).rejects.toThrow(
      'A pipeline starts with one producer',
    );
    await expect(runPipeline([], new Collect())).rejects.toThrow(AzaError);
  });
});

describe('runPipeline under Bun (the runtime of the spec command lines)', () => {
  const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
  test.each([
    [
      'a missing consumer while the producer still runs',
      "[{ kind: 'process', cmd: 'yes', args: [] }, { kind: 'process', cmd: 'definitely-not-a-command-aza', args: [] }]",
      'Required command not found: definitely-not-a-command-aza',
    ],
    [
      'a consumer that fails',
      "[{ kind: 'process', cmd: 'yes', args: [] }, { kind: 'process', cmd: 'sh', args: ['-c', 'head -c 5 >/dev/null; exit 7'] }]",
      'sh exited with code 7',
    ],
    [
      'a producer killed mid-stream',
      "[{ kind: 'process', cmd: 'sh', args: ['-c', 'seq 1 1000; kill -9 $$'] }, { kind: 'process', cmd: 'cat', args: [] }]",
      'sh was killed by SIGKILL',
    ],
  ])('%s: rejects promptly with the cause', async (_name, stages, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'aza-exec-bun-'));
    try {
      const script = join(dir, 'pipe.ts');
      writeFileSync(
        script,
        `import { runPipeline } from ${JSON.stringify(join(root, 'src/core/exec.ts'))};
import { Writable } from 'node:stream';
const sink = new Writable({ write(_c, _e, cb) { cb(); } });
try {
  await runPipeline(${stages}, sink);
  console.log('resolved');
} catch (e) {
  console.log('rejected: ' + (e as Error).message);
}
`,
      );
      const r = await run(join(root, 'node_modules/.bin/bun'), [script], { timeoutMs: 20000 });
      expect(r.stdout.trim()).toBe(`rejected: ${message}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('onInterrupt', () => {
  test('returns a remover', () => {
    let called = 0;
    const remove = onInterrupt(() => called++);
    expect(remove()).toBe(true);
    expect(remove()).toBe(false);
    expect(called).toBe(0);
  });
});
