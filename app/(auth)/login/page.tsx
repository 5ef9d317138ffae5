import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/shell/login-form";
import { Logo } from "@/components/shell/logo";
import { currentUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  if (await currentUser()) redirect("/");
  const { callbackUrl } = await searchParams;
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-muted/40 px-4 py-10">
      <div className="w-full max-w-sm space-y-6">
        <div className="flex justify-center">
          <Logo className="text-lg" />
        </div>
        <LoginForm callbackUrl={callbackUrl} />
        <p className="text-center text-xs text-muted-foreground">
          Self-hosted operations dashboard for WhatsApp Business
        </p>
      </div>
    </main>
  );
}
