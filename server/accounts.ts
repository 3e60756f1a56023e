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

export function checkPassword(account: Account, password: string): boolean {
  return crypto.timingSafeEqual(crypto.scryptSync(password, account.salt, 32), account.hash);
}
