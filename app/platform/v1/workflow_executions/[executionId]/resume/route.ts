import { workflowExecutionResume } from "@/lib/platform/workflow-executions";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = workflowExecutionResume.handlers;
