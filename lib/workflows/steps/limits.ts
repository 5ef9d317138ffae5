/** Limits shared by the steps and the validator. */
export const MAX_CALL_DEPTH = 10;
