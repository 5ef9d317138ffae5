import "@/lib/server-only";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";
import { projectMemberEmails } from "./record-store";

// A paused webhook is news for the whole project (spec §1.5): every member gets an email through SMTP_URL.
// Without SMTP the pause shows on the Webhooks page (status and reason, a banner) and in the log.

export interface PauseNotice {
  id: string;
  projectId: string;
  url: string;
  reason: string;
}

let transport: { url: string; t: nodemailer.Transporter } | undefined;
function mailer(url: string): nodemailer.Transporter {
  if (transport?.url !== url) transport = { url, t: nodemailer.createTransport(url) };
  return transport.t;
}

function fromAddress(): string {
  const host = new URL(env().APP_URL).hostname || "localhost";
  return `Switchboard <no-reply@${host.includes(".") ? host : `${host}.localdomain`}>`;
}

export async function notifyPaused(p: PauseNotice): Promise<{ emailed: number }> {
  const { name, emails } = await projectMemberEmails(p.projectId);
  const smtp = env().SMTP_URL;
  console.warn(`[webhooks] webhook ${p.id} (${p.url}) of project ${name}: ${p.reason}`);
  if (!smtp) {
    console.warn("[webhooks] SMTP_URL is not set: the pause is shown on the Webhooks page only");
    return { emailed: 0 };
  }
  if (emails.length === 0) return { emailed: 0 };
  const link = `${env().APP_URL.replace(/\/$/, "")}/`;
  // One message per member: nobody sees the others' addresses.
  const text = [
    `The webhook to ${p.url} in project ${name} was paused.`,
    "",
    p.reason,
    "",
    "No deliveries are sent to it until an admin re-enables it under Webhooks, after fixing the endpoint.",
    link,
  ].join("\n");
  for (const to of emails)
    await mailer(smtp).sendMail({
      from: fromAddress(),
      to,
      subject: `[${name}] Webhook paused: ${p.url}`,
      text,
    });
  return { emailed: emails.length };
}
