import type { Metadata } from "next";
import { ApiKeysView } from "@/components/settings/api-keys-view";
import { listApiKeys } from "@/lib/api-keys/data";
import { pageProject } from "@/lib/auth/page";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  const ctx = await pageProject((await params).projectSlug, "ADMIN");
  const keys = await listApiKeys(ctx.projectId);
  const proxyBaseUrl = `${env().APP_URL.replace(/\/$/, "")}/meta/whatsapp/v24.0`;
  return <ApiKeysView projectId={ctx.projectId} keys={keys} proxyBaseUrl={proxyBaseUrl} />;
}
