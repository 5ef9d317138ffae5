import { redirect } from "next/navigation";
import { NoProjects } from "@/components/shell/no-projects";
import { pageUser } from "@/lib/auth/page";
import { listProjectsForUser } from "@/lib/projects/data";

export default async function Home() {
  const user = await pageUser();
  const [first] = await listProjectsForUser(user.id);
  if (first) redirect(`/p/${first.slug}/inbox`);
  return <NoProjects email={user.email} />;
}
