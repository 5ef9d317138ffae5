import { unknownPath } from "@/lib/http/not-found";

export const { GET, POST, PUT, PATCH, DELETE } = unknownPath("kapso", "Platform API");
