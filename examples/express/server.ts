/**
 * Runs the Express example: `npm run example:express` (PORT to change the port, default 3001).
 * Two demo users, alice / alice-demo and bob / bob-demo, both without MFA; MFA records in memory.
 * The session cookie is Secure only when NODE_ENV=production: this serves plain HTTP on 127.0.0.1.
 * @module
 */
import { createMfa, memoryStore } from 'totp-enroll';
import { createApp } from './app.js';
import { createUserStore } from './users.js';

const port = process.env['PORT'] === undefined ? 3001 : Number(process.env['PORT']);
const users = await createUserStore([
  { id: 'u-alice', username: 'alice', email: 'alice@example.com', password: 'alice-demo' },
  { id: 'u-bob', username: 'bob', email: 'bob@example.com', password: 'bob-demo' },
]);
const mfa = createMfa({ store: memoryStore(), issuer: 'Express Example' });
const app = createApp({ mfa, users, secureCookie: process.env['NODE_ENV'] === 'production' });

const server = app.listen(port, '127.0.0.1', (error?: Error) => {
  if (error) {
    console.error(`could not listen on 127.0.0.1:${port}: ${error.message}`);
    process.exit(1);
  }
  console.log(`Express MFA example on http://127.0.0.1:${port}/api (JSON; see README "Express")`);
  console.log('Users: alice / alice-demo, bob / bob-demo.');
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
