import { setupConnectRoute } from "@/lib/customers/setup-route";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = setupConnectRoute;
