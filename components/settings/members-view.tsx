"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useRealtimeEvent } from "@/components/realtime/realtime-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Role } from "@/generated/prisma/enums";
import type { MemberDto } from "@/lib/members/data";
import { memberKeys, membersUrl } from "@/lib/members/query-keys";
import { fetchJson } from "@/lib/query-client";
import { AddMemberDialog } from "./add-member-dialog";
import { MemberActions } from "./member-actions";

export const ROLE_LABEL: Record<Role, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member" };

export function MembersView({
  projectId,
  currentUserId,
  myRole,
}: {
  projectId: string;
  currentUserId: string;
  myRole: Role;
}) {
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const members = useQuery({
    queryKey: memberKeys.list(projectId),
    queryFn: () => fetchJson<MemberDto[]>(membersUrl(projectId)),
  });

  const onChange = useCallback(
    (p: { projectId: string }) => {
      if (p.projectId === projectId)
        void queryClient.invalidateQueries({ queryKey: memberKeys.all(projectId) });
    },
    [projectId, queryClient],
  );
  useRealtimeEvent("member.changed", onChange);

  const ownerCount = members.data?.filter((m) => m.role === "OWNER").length ?? 0;

  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div>
          <CardTitle>Members</CardTitle>
          <CardDescription>
            Owners and admins manage numbers, webhooks and members; members work in the inbox.
          </CardDescription>
        </div>
        <Button onClick={() => setAdding(true)}>Add member</Button>
      </CardHeader>
      <CardContent>
        {members.isPending ? (
          <div className="space-y-2">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : members.isError ? (
          <div role="alert" className="flex items-center justify-between gap-3 rounded-md border p-3 text-sm">
            <span>Could not load members: {members.error.message}</span>
            <Button size="sm" variant="outline" onClick={() => void members.refetch()}>
              Try again
            </Button>
          </div>
        ) : (
          <Table aria-label="Members">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead className="hidden sm:table-cell">Email</TableHead>
                <TableHead>Role</TableHead>
                <TableHead className="w-12">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {members.data.map((m) => (
                <TableRow key={m.userId} data-testid="member-row" data-email={m.email}>
                  <TableCell>
                    <div className="font-medium">
                      {m.name ?? m.email.split("@")[0]}
                      {m.userId === currentUserId ? (
                        <span className="ml-1 text-muted-foreground">(you)</span>
                      ) : null}
                    </div>
                    <div className="text-xs text-muted-foreground sm:hidden">{m.email}</div>
                  </TableCell>
                  <TableCell className="hidden text-muted-foreground sm:table-cell">{m.email}</TableCell>
                  <TableCell>
                    <Badge variant={m.role === "MEMBER" ? "outline" : "secondary"}>
                      {ROLE_LABEL[m.role]}
                    </Badge>
                  </TableCell>
                  <TableCell>
                    <MemberActions
                      projectId={projectId}
                      member={m}
                      myRole={myRole}
                      isLastOwner={m.role === "OWNER" && ownerCount <= 1}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
      <AddMemberDialog projectId={projectId} myRole={myRole} open={adding} onOpenChange={setAdding} />
    </Card>
  );
}
