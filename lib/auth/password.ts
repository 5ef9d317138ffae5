import bcrypt from "bcryptjs";

const ROUNDS = 10;
// Compared against when the email is unknown, so both paths cost the same time.
const DUMMY_HASH = bcrypt.hashSync("switchboard-timing-equaliser", ROUNDS);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, ROUNDS);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return ok && !!hash;
}
