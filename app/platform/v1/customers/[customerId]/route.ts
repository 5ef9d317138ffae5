import { customer } from "@/lib/platform/customers";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = customer.handlers;
