import { z } from "zod";
import type { ProjectId } from "@/lib/auth/project-id";
import { AppError } from "@/lib/errors";
import { readBodyLimited } from "@/lib/http/body";
import { defineRoute, methods } from "@/lib/http/define-route";
import { projectNumber } from "@/lib/numbers/credentials";
import { resumableUpload, wabaNumber } from "./mutations";

// POST /api/projects/{projectId}/uploads?waba=…|number=…&purpose=sample|photo (multipart `file`): a file
// for Meta's resumable upload (a template's media sample, a profile photo), answered with its handle.

/** Meta's resumable-upload types and WhatsApp's sizes for them. */
const TYPES: Record<string, number> = {
  "image/jpeg": 5 * 1024 * 1024,
  "image/png": 5 * 1024 * 1024,
  "video/mp4": 16 * 1024 * 1024,
  "application/pdf": 100 * 1024 * 1024,
};
const LIMIT = 100 * 1024 * 1024 + 64 * 1024;

export const uploadsRoute = methods(
  {
    POST: defineRoute(
      {
        auth: "session",
        minRole: "ADMIN",
        errorShape: "dashboard",
        rawBody: true,
        bodyLimit: LIMIT,
        params: z.object({ projectId: z.string().min(1).max(64) }),
        query: z
          .object({ waba: z.string().max(40).optional(), number: z.string().max(64).optional() })
          .refine((q) => !!q.waba !== !!q.number, { message: "Give waba or number", path: ["waba"] }),
      },
      async ({ req, scope, query }) => {
        if (!scope) throw new Error("session door without a project scope");
        const projectId = scope.projectId as ProjectId;
        const number = query.waba
          ? await wabaNumber(projectId, query.waba)
          : await projectNumber(projectId, query.number ?? "");
        if (!number) throw new AppError("not_found", "Number not found.");
        const bytes = await readBodyLimited(req, LIMIT, "The file");
        const form = await new Response(bytes, {
          headers: { "content-type": req.headers.get("content-type") ?? "" },
        })
          .formData()
          .catch(() => {
            throw new AppError("validation", "Send the file as multipart/form-data", {
              fields: { file: "Invalid upload" },
            });
          });
        const file = form.get("file");
        if (!(file instanceof File))
          throw new AppError("validation", "Choose a file", { fields: { file: "Required" } });
        const max = TYPES[file.type];
        if (max === undefined)
          throw new AppError(
            "validation",
            "Meta takes JPG or PNG images, MP4 videos and PDF documents here.",
            {
              fields: { file: "Unsupported type" },
            },
          );
        if (file.size > max)
          throw new AppError("validation", `A ${file.type} file may be at most ${max / 1024 / 1024} MB.`, {
            fields: { file: "Too large" },
          });
        const handle = await resumableUpload(number, {
          name: file.name,
          type: file.type,
          bytes: new Uint8Array(await file.arrayBuffer()),
        });
        return { handle };
      },
    ),
  },
  "dashboard",
);
