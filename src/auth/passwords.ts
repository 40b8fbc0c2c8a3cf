import argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes) raised to 64 MiB: still ~50 ms on a small server.
const options = { type: argon2.argon2id, memoryCost: 65536, timeCost: 3, parallelism: 1 } as const;

export const minPasswordLength = 12;
export const maxPasswordLength = 256;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the account does not exist keeps response times alike, so timing
// does not tell which addresses have accounts.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('beirat-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}
