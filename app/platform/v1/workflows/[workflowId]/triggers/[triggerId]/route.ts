import { deleteTriggerRoute, patchTrigger } from "@/lib/workflows/platform-trigger-routes";

// PATCH changes `active` only (anything else is a 422); DELETE answers 204.
export const PATCH = patchTrigger;
export const DELETE = deleteTriggerRoute;
