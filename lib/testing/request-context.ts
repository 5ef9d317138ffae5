import { AsyncLocalStorage } from "node:async_hooks";

/** The request a test server is handling, for test doubles that stand in for Next's request scope. */
export const testRequest = new AsyncLocalStorage<Request>();
