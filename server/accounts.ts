import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { brin6Schema } from '../shared/api/common';

/** Portal accounts of the reference server: from a seed file; passwords are kept only as scrypt hashes. */
export const accountsFileSchema = z.array(
  z.object({ username: z.string().min(1), password: z.string().min(1), brin6: z.array(brin6Schema).min(1) }),
);

export interface Account {
  readonly username: string;
  readonly brin6: readonly string[];
  readonly salt: Buffer;
  readonly hash: Buffer;
}

export function loadAccounts(source: string | z.infer<typeof accountsFileSchema>): Map<string, Account> {
  const list = accountsFileSchema.parse(typeof source === 'string' ? JSON.parse(fs.readFileSync(source, 'utf8')) : source);
  return new Map(
    list.map((a) => {
      const salt = crypto.randomBytes(16);
      return [a.username, { username: a.username, brin6: a.brin6, salt, hash: crypto.scryptSync(a.password, salt, 32) }];
    }),
  );
}

const scrypt = (password: string, salt: Buffer): Promise<Buffer> =>
  new Promise((resolve, reject) => crypto.scrypt(password, salt, 32, (error, key) => (error ? reject(error) : resolve(key))));

/** What an unknown user name is checked against: the same work as a known one, so timing says nothing (issue 36). */
const DUMMY = { salt: crypto.randomBytes(16), hash: crypto.randomBytes(32) };

/**
 * The account when the password is right, else null. scrypt runs on libuv's thread pool (never blocking the event
 * loop: /v1/health keeps answering under a storm of sign-ins) and runs for unknown users too, against a dummy hash.
 */
export async function verifySignIn(accounts: ReadonlyMap<string, Account>, username: string, password: string): Promise<Account | null> {
  const account = accounts.get(username);
  const derived = await scrypt(password, account?.salt ?? DUMMY.salt);
  const right = crypto.timingSafeEqual(derived, account?.hash ?? DUMMY.hash);
  return account && right ? account : null;
}
