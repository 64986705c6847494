/**
 * The Express example's users: an in-memory table with scrypt-hashed passwords. A real application
 * has its own users table and password hashing; totp-enroll only needs a stable user id.
 * @module
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/** A user as the app sees it. Never carries the password or its hash. */
export interface User {
  id: string;
  username: string;
  email: string;
}

/** A user to create, with the password in plaintext (hashed at once, never kept). */
export type NewUser = User & { password: string };

interface Entry {
  user: User;
  salt: Buffer;
  hash: Buffer;
}

const hash = (password: string, salt: Buffer): Promise<Buffer> => scryptAsync(password, salt, 32);

/** The user store returned by {@link createUserStore}. */
export interface UserStore {
  byId(id: string): User | undefined;
  /** The user if the password is right, else null; an unknown name costs the same scrypt as a wrong password. */
  checkPassword(username: string, password: string): Promise<User | null>;
  /** Re-authentication of a signed-in user ("enter your password again"). */
  checkPasswordOf(userId: string, password: string): Promise<boolean>;
}

/**
 * Hashes each password once (scrypt, random 16-byte salt; node:crypto's defaults N=16384, r=8, p=1)
 * and answers password checks without blocking the event loop.
 * @example
 * ```ts
 * const users = await createUserStore([{ id: 'u-alice', username: 'alice', email: 'alice@example.com', password: 'alice-demo' }]);
 * await users.checkPassword('alice', 'alice-demo'); // { id: 'u-alice', ... }
 * await users.checkPassword('alice', 'wrong');      // null
 * ```
 */
export async function createUserStore(seed: readonly NewUser[]): Promise<UserStore> {
  const byName = new Map<string, Entry>();
  const byId = new Map<string, Entry>();
  for (const { password, ...user } of seed) {
    const salt = randomBytes(16);
    const entry = { user: { ...user }, salt, hash: await hash(password, salt) };
    byName.set(user.username, entry);
    byId.set(user.id, entry);
  }
  const dummySalt = randomBytes(16);
  const dummyHash = await hash(randomBytes(16).toString('hex'), dummySalt);

  const matches = async (entry: Entry | undefined, password: string): Promise<boolean> => {
    const actual = await hash(password, entry?.salt ?? dummySalt);
    return timingSafeEqual(actual, entry?.hash ?? dummyHash) && entry !== undefined;
  };

  return {
    byId: (id) => byId.get(id)?.user,
    async checkPassword(username, password) {
      const entry = byName.get(username);
      return (await matches(entry, password)) && entry ? entry.user : null;
    },
    checkPasswordOf: (userId, password) => matches(byId.get(userId), password),
  };
}
