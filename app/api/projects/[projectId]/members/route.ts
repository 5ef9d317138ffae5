import { membersRoute } from "@/lib/members/routes";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = membersRoute;
