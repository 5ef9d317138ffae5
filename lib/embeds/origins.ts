// Moved to lib/auth/origins.ts (the HTTP layer checks embed origins when it mints an embed scope).
export { frameAncestors, originAllowed, parseOrigin } from "@/lib/auth/origins";
