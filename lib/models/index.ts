// The model providers' API for the workflow engine (server only). Pages use data.ts and actions.ts.
export {
  type AgentTool,
  type AgentToolCall,
  agentTool,
  type ModelMessage,
  type RunAgentTurnInput,
  type RunAgentTurnResult,
  runAgentTurn,
} from "./agent";
export type { ModelErrorKind } from "./client";
export { type ConnectionTestResult, testProviderConnection } from "./connection";
export { listProviders, loadProviderCredentials, type ModelProviderDto } from "./data";
export {
  type DecideCondition,
  type DecideFallbackReason,
  type DecideWithModelInput,
  type DecideWithModelResult,
  decideWithModel,
} from "./decide";
