import { phoneNumberConnect } from "@/lib/platform/phone-numbers";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = phoneNumberConnect.handlers;
