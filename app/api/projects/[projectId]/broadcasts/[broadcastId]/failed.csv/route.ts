import { failedRecipientsCsvRoute } from "@/lib/broadcasts/routes";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = failedRecipientsCsvRoute;
