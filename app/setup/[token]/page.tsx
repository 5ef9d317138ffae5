import type { Metadata } from "next";
import { SetupConnect } from "@/components/customers/setup-connect";
import { setupStrings } from "@/components/customers/setup-strings";
import { Logo } from "@/components/shell/logo";
import { resolveSetupToken } from "@/lib/customers/data";
import { failureRedirect } from "@/lib/customers/setup-mutations";

export const metadata: Metadata = { title: "Connect WhatsApp", robots: { index: false } };

const DEFAULT_COLOR = "#0f766e";

// The hosted onboarding page a customer opens from a setup link: no sign-in (the token is the
// credential), under the same security headers as every page (server.ts), never framed by other sites.
export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await resolveSetupToken(token);
  const t = setupStrings(link?.language ?? "en");
  const color = link?.primaryColor ?? DEFAULT_COLOR;
  let body: React.ReactNode;
  let heading: string;
  if (!link) {
    heading = t.invalid;
    body = <p className="text-sm text-muted-foreground">{t.invalidText}</p>;
  } else if (link.status !== "active") {
    const used = link.status === "used";
    heading = used ? t.used : t.expired;
    const back = failureRedirect(link, used ? "already_used" : "link_expired");
    body = (
      <div className="space-y-4" data-testid="setup-closed" data-status={link.status}>
        <p className="text-sm text-muted-foreground">{used ? t.usedText : t.expiredText}</p>
        {back ? (
          <a href={back} className="text-sm font-medium underline underline-offset-2">
            {t.back}
          </a>
        ) : null}
      </div>
    );
  } else {
    heading = t.title(link.customerName);
    body = (
      <div className="space-y-4">
        <p className="text-sm text-muted-foreground">{t.intro(link.projectName)}</p>
        <SetupConnect
          token={token}
          language={link.language}
          allowed={link.allowedConnectionTypes}
          color={color}
        />
      </div>
    );
  }
  return (
    <main
      lang={link?.language === "es" || link?.language === "pt" ? link.language : "en"}
      className="flex min-h-dvh items-start justify-center bg-muted/40 px-4 py-10 sm:items-center"
    >
      <div className="w-full max-w-md overflow-hidden rounded-xl border bg-background shadow-sm">
        <div className="h-1.5" style={{ backgroundColor: color }} />
        <div className="space-y-5 p-6">
          {/* The logo carries its own name: a size class on it squeezed that name under a second copy. */}
          <Logo className="text-sm text-muted-foreground" />
          <h1 className="text-xl font-semibold tracking-tight">{heading}</h1>
          {body}
        </div>
      </div>
    </main>
  );
}
