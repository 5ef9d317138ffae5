import { sandboxPhonePhoto } from "@/lib/sandbox/phone-routes";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = sandboxPhonePhoto;
