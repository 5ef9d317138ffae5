import { sandboxGraph } from "@/lib/sandbox/graph-router";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = sandboxGraph;
