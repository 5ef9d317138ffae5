export {
  runSandboxed,
  SANDBOX_LIMITS,
  type SandboxError,
  type SandboxErrorKind,
  type SandboxOptions,
  type SandboxResult,
  warmSandbox,
} from "./sandbox";
export {
  type DecideFunctionResult,
  type FunctionStepInput,
  type FunctionStepResult,
  runDecideFunction,
  runFunctionStep,
  type StepRunOptions,
} from "./steps";
