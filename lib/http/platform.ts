// The Platform API's handler context, kept here for the modules that name it (lib/workflows).
export type { PlatformContext } from "./resource";
