import "@/lib/server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { verifyPassword } from "./password";
import { clearLoginFailures, isLoginBlocked, recordLoginFailure } from "./rate-limit";
import {
  announceSessionsEnded,
  endSession,
  openSession,
  SESSION_MAX_AGE_S,
  sessionActive,
} from "./session-store";

class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}
class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(200),
});

export function clientIp(request: Pick<Request, "headers">): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/login", error: "/login" },
  // A wrong password is an expected outcome, not a server error: keep it out of the error log.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error(`[auth] ${error.name}: ${error.message}`);
    },
  },
  // Credentials only, so no adapter: users live in our own User table (the Auth.js models are in the
  // schema for OAuth providers later).
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const { email, password } = parsed.data;
        const ip = clientIp(request);
        if (await isLoginBlocked(email, ip)) throw new TooManyAttempts();
        const user = await db().user.findUnique({
          where: { email },
          select: { id: true, email: true, name: true, passwordHash: true },
        });
        if (!(await verifyPassword(password, user?.passwordHash)) || !user) {
          await recordLoginFailure(email, ip);
          throw new InvalidCredentials();
        }
        await clearLoginFailures(email);
        return { id: user.id, email: user.email, name: user.name, sid: await openSession(user.id) };
      },
    }),
  ],
  // Sign-out deletes the session's row, so a copy of the cookie stops working too.
  events: {
    async signOut(message) {
      if (!("token" in message) || !message.token) return;
      const { sid, uid } = message.token;
      await endSession(sid);
      if (typeof sid === "string" && typeof uid === "string") await announceSessionsEnded(uid, { only: sid });
    },
  },
  callbacks: {
    // Runs on every auth(): a token whose session row is gone (signed out, password changed) is
    // refused and its cookie cleared.
    async jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.sid = (user as { sid?: string }).sid;
        return token;
      }
      return (await sessionActive(token.sid, token.uid)) ? token : null;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
}));
