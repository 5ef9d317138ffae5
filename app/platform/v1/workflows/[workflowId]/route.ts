import { workflow } from "@/lib/platform/workflows";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = workflow.handlers;
