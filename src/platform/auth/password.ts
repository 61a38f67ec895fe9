import argon2 from 'argon2';

// argon2id with the library's defaults (64 MiB, 3 passes): OWASP's
// recommended floor. Verification of an unknown username runs against a
// fixed hash so that its timing does not reveal whether the account exists.

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

let dummyHash: Promise<string> | undefined;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (hash === null) {
    dummyHash ??= hashPassword('taxstation-no-such-account');
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
