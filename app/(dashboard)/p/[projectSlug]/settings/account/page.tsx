import type { Metadata } from "next";
import { AccountForms } from "@/components/settings/account-forms";
import { pageProject } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  const ctx = await pageProject((await params).projectSlug);
  return <AccountForms name={ctx.user.name ?? ""} email={ctx.user.email} />;
}
