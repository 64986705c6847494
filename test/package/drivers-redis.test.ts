// Every Redis driver major the peer range names, installed next to the packed tarball with a plain
// `npm install` (an excluded major fails with ERESOLVE), then the conformance suite through it
// against the Redis of test/services/start.sh.
import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { describeWithServer, probeRedis } from '../services/env.js';
import { installedVersion, scratchProject } from '../runtimes/scratch.js';
import { MIN_CONFORMANCE_CASES, runConformanceIn } from './drivers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const CLIENTS = {
  ioredis: {
    setup: `import { Redis } from 'ioredis';
const client = new Redis(process.env.TOTP_ENROLL_REDIS_URL, { maxRetriesPerRequest: 1 });
afterAll(() => client.disconnect());`,
    store: `redisStore({ client })`,
  },
  redis: {
    setup: `import { createClient } from 'redis';
const client = createClient({ url: process.env.TOTP_ENROLL_REDIS_URL });
client.on('error', () => {});
await client.connect();
afterAll(() => (client.close ? client.close() : client.quit()));`,
    store: `redisStore({ client })`,
  },
};

describeWithServer('the packed package with each Redis driver major', await probeRedis(), (url) => {
  for (const [driver, major] of [['ioredis', 5], ['ioredis', 6], ['redis', 5], ['redis', 6]] as const) {
    it(`installs next to ${driver} ${major} without --force and passes the conformance suite through it`, () => {
      const dir = scratchProject(`${driver}${major}`, [`${driver}@${major}`]);
      dirs.push(dir);
      expect(installedVersion(dir, driver)).toMatch(new RegExp(`^${major}\\.`));
      const { setup, store } = CLIENTS[driver];
      const result = runConformanceIn(dir, `import { redisStore } from 'totp-enroll/storage/redis';\n${setup}`, store, process.execPath, {
        TOTP_ENROLL_REDIS_URL: url,
      });
      expect(result.failures, result.output.slice(-4000)).toEqual([]);
      expect(result.passed).toBeGreaterThanOrEqual(MIN_CONFORMANCE_CASES);
      expect(result.skipped).toBe(0);
      console.log(`[drivers] ${driver} ${installedVersion(dir, driver)}: ${result.passed} conformance cases passed`);
    }, 300_000);
  }
});
