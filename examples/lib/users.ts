/**
 * The example's user directory: a few fixed demo users with scrypt-hashed passwords.
 * A real application has its own users table; totp-enroll only needs a stable user id.
 * @module
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** A user of the example admin console. */
export interface DemoUser {
  id: string;
  username: string;
  name: string;
  email: string;
  role: 'admin' | 'member';
  /** The organisation the user belongs to (the app's business; totp-enroll only stores each tenant's policy). */
  tenantId: string;
}

/** The demo users and their passwords (shown on the sign-in page; this is an example). */
export const DEMO_USERS: ReadonlyArray<DemoUser & { password: string }> = [
  { id: 'u-admin', username: 'admin', name: 'Ada Admin', email: 'admin@example.com', role: 'admin', tenantId: 'service', password: 'admin-demo' },
  { id: 'u-alice', username: 'alice', name: 'Alice Martin', email: 'alice@example.com', role: 'member', tenantId: 'service', password: 'alice-demo' },
  { id: 'u-bob', username: 'bob', name: 'Bob Okafor', email: 'bob@example.com', role: 'member', tenantId: 'service', password: 'bob-demo' },
  { id: 'u-carol', username: 'carol', name: 'Carol Nguyen', email: 'carol@example.com', role: 'member', tenantId: 'service', password: 'carol-demo' },
];

interface Hashed {
  user: DemoUser;
  salt: Buffer;
  hash: Buffer;
}

const hashPassword = (password: string, salt: Buffer): Buffer => scryptSync(password, salt, 32);

/**
 * Builds the directory, hashing each password once at start-up.
 * @example
 * ```ts
 * const users = createDirectory();
 * users.checkPassword('alice', 'alice-demo'); // the user, or null
 * ```
 */
export function createDirectory(seed: ReadonlyArray<DemoUser & { password: string }> = DEMO_USERS) {
  const byName = new Map<string, Hashed>();
  for (const { password, ...user } of seed) {
    const salt = randomBytes(16);
    byName.set(user.username, { user, salt, hash: hashPassword(password, salt) });
  }
  const dummySalt = randomBytes(16);
  const dummyHash = hashPassword('not a password', dummySalt);
  return {
    list: (): DemoUser[] => [...byName.values()].map((h) => h.user),
    byId: (id: string): DemoUser | undefined => [...byName.values()].find((h) => h.user.id === id)?.user,
    /** The user if the password is right; null otherwise, in about the same time either way. */
    checkPassword(username: string, password: string): DemoUser | null {
      const entry = byName.get(username);
      const actual = hashPassword(password, entry?.salt ?? dummySalt);
      const ok = timingSafeEqual(actual, entry?.hash ?? dummyHash);
      return ok && entry ? entry.user : null;
    },
  };
}

/** The directory type returned by {@link createDirectory}. */
export type Directory = ReturnType<typeof createDirectory>;
