"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { fieldErrors } from "@/lib/errors";
import { signIn, signOut } from "./auth";

export interface SignInState {
  error?: string;
  fields?: Record<string, string>;
  email?: string;
}

const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter the email address you signed up with"),
  password: z.string().min(1, "Enter your password"),
  callbackUrl: z.string().optional(),
});

/** Only same-site paths, so a crafted link cannot send a user elsewhere after signing in. */
function safeCallback(url: string | undefined): string {
  return url?.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\") ? url : "/";
}

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse(Object.fromEntries(form));
  const email = String(form.get("email") ?? "");
  if (!parsed.success) return { fields: fieldErrors(parsed.error), email };
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallback(parsed.data.callbackUrl),
    });
    return {};
  } catch (e) {
    if (e instanceof AuthError) {
      const code = (e as AuthError & { code?: string }).code;
      if (code === "rate_limited") {
        return { error: "Too many failed attempts. Wait 15 minutes, then try again.", email };
      }
      // Same message whether or not the email exists.
      return { error: "Email or password is incorrect.", email };
    }
    throw e; // the redirect after a successful sign-in
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
