import { workflowVariables } from "@/lib/platform/workflow-executions";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = workflowVariables.handlers;
