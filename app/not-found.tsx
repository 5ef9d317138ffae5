import { StatusPage } from "@/components/shell/status-page";

export default function NotFound() {
  return (
    <StatusPage code="404" title="Page not found">
      The page does not exist, or it belongs to a project you are not a member of.
    </StatusPage>
  );
}
