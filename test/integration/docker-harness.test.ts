import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { run } from '../../src/core/exec.js';
import { dockerDescribe, startContainerPair, testImageName, type ContainerPair } from '../harness/docker.js';

const describeDocker = await dockerDescribe();

describeDocker('docker harness', () => {
  let pair: ContainerPair;
  beforeAll(async () => {
    pair = await startContainerPair();
  });
  afterAll(async () => {
    await pair?.remove();
  });

  test('the image name is the one docker-setup.sh prints (and a second run reuses it)', async () => {
    const r = await run('bash', ['scripts/ci/docker-setup.sh'], { timeoutMs: 120000 });
    expect(r.stdout.trim()).toBe(testImageName());
    expect(r.stderr).toMatch(/already present/);
  });

  test('replica container streams from the primary container', async () => {
    expect(await pair.primary.isInRecovery()).toBe(false);
    expect(await pair.replica.isInRecovery()).toBe(true);
    await pair.primary.query('CREATE TABLE harness_t AS SELECT generate_series(1, 5) AS n');
    let count = '';
    for (let i = 0; i < 50 && count !== '5'; i++) {
      count = (await pair.replica.query('SELECT count(*) FROM harness_t', { allowFailure: true }))[0]?.[0] ?? '';
      if (count !== '5') await new Promise((r) => setTimeout(r, 100));
    }
    expect(count).toBe('5');
    expect((await pair.replica.query('SHOW data_directory'))[0]![0]).toBe('/var/lib/postgresql/data');
  });
});
