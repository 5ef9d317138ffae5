import { StatusPage } from "@/components/shell/status-page";

export default function Forbidden() {
  return (
    <StatusPage code="403" title="You don't have access to this page">
      This area is for project owners and admins. Ask one of them to change your role if you need it.
    </StatusPage>
  );
}
