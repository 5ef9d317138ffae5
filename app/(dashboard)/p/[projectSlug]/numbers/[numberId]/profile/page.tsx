import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProfileEditor } from "@/components/profile/profile-editor";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { pageProject } from "@/lib/auth/page";
import { AppError } from "@/lib/errors";
import { listNumbers } from "@/lib/numbers/data";
import { readProfile } from "@/lib/profile/mutations";

export const metadata: Metadata = { title: "Business profile" };

export default async function ProfilePage({
  params,
}: {
  params: Promise<{ projectSlug: string; numberId: string }>;
}) {
  const { projectSlug, numberId } = await params;
  const ctx = await pageProject(projectSlug, "ADMIN");
  const n = (await listNumbers(ctx.projectId)).find((x) => x.id === numberId);
  if (!n) notFound();
  const profile = await readProfile(ctx.projectId, n.id).catch((e: unknown) =>
    e instanceof AppError ? e.message : "Could not read the profile from WhatsApp.",
  );
  return (
    <>
      <PageHeader
        title="Business profile"
        description={`What customers see about ${n.verifiedName || n.displayPhoneNumber} (${n.displayPhoneNumber}) in WhatsApp.`}
      />
      <PageBody>
        {typeof profile === "string" ? (
          <p className="rounded-md border border-destructive/50 p-4 text-sm text-destructive" role="alert">
            {profile}
          </p>
        ) : (
          <ProfileEditor
            projectId={ctx.projectId}
            numberId={n.id}
            name={n.verifiedName || n.displayPhoneNumber}
            initial={profile}
            // The sandbox's photo is served to the project's members; a live number's comes from Meta's CDN
            // (allowed by the page's img-src), and only over https.
            photoUrl={
              !profile.profilePictureUrl
                ? null
                : n.kind === "SANDBOX"
                  ? `/api/sandbox/phone/photo?numberId=${n.id}`
                  : profile.profilePictureUrl.startsWith("https://")
                    ? profile.profilePictureUrl
                    : null
            }
          />
        )}
      </PageBody>
    </>
  );
}
