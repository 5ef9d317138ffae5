import type { Metadata } from "next";
import { ApiReference, type OpenApiDocument } from "@/components/settings/api-reference";
import { pageProject } from "@/lib/auth/page";
import { platformOpenApi } from "@/lib/platform/openapi";

export const metadata: Metadata = { title: "API reference" };

export default async function ApiReferencePage({ params }: { params: Promise<{ projectSlug: string }> }) {
  await pageProject((await params).projectSlug);
  return <ApiReference doc={platformOpenApi() as unknown as OpenApiDocument} />;
}
