import { StatusPage } from "@/components/shell/status-page";

// Only the embedded inbox answers 401 with a page: its token is unknown, expired or revoked.
export default function Unauthorized() {
  return (
    <StatusPage code="401" title="This inbox link is not valid">
      It may have expired or been revoked. Ask the person who shared it for a new one.
    </StatusPage>
  );
}
