import type { Metadata } from "next";
import { SandboxPhone } from "@/components/sandbox/sandbox-phone";
import { pageUser } from "@/lib/auth/page";
import { sandboxNumbersForUser } from "@/lib/sandbox/phone";

export const metadata: Metadata = { title: "Sandbox phone" };

export default async function SandboxPage() {
  const user = await pageUser("/sandbox");
  const numbers = await sandboxNumbersForUser(user.id);
  return <SandboxPhone numbers={numbers} />;
}
