"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserRound, UserRoundX } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { ConversationListItem } from "@/lib/conversations/data";
import { inboxKeys } from "@/lib/inbox/query-keys";
import { initials } from "@/lib/utils";
import { useInboxApi } from "./inbox-api";
import { useAssignees } from "./use-inbox";

/** Who has the conversation, and a dialog to assign, reassign or unassign it with an optional note. */
export function AssignControl({
  conversation: c,
  open,
  onOpenChange,
}: {
  conversation: ConversationListItem;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const api = useInboxApi();
  const queryClient = useQueryClient();
  const assignees = useAssignees();
  const [userId, setUserId] = useState<string>("");
  const [note, setNote] = useState("");

  const assign = useMutation({
    mutationFn: (v: { userId: string | null; note: string }) =>
      api.send("POST", `/conversations/${c.id}/assignment`, { userId: v.userId, note: v.note || null }),
    onSuccess: (_d, v) => {
      // The lists follow by the realtime event; this tab's header and assignment history refetch now.
      void queryClient.invalidateQueries({ queryKey: inboxKeys.thread(api.key, c.id) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.contact(api.key, c.id) });
      const who = assignees.data?.find((u) => u.id === v.userId)?.name;
      toast.success(v.userId ? `Assigned to ${who ?? "them"}.` : "Unassigned.");
      onOpenChange(false);
      setNote("");
    },
    onError: (e) => toast.error(e.message),
  });

  const openDialog = (o: boolean) => {
    if (o) setUserId(c.assignee?.id ?? api.meId ?? "");
    onOpenChange(o);
  };

  return (
    <>
      <Button
        variant="outline"
        size="sm"
        onClick={() => openDialog(true)}
        title="Assign (a)"
        data-testid="assign-button"
      >
        {c.assignee ? (
          <>
            <Avatar className="size-5">
              <AvatarFallback className="text-[9px]">
                {initials(c.assignee.name, c.assignee.name)}
              </AvatarFallback>
            </Avatar>
            <span className="hidden max-w-28 truncate sm:inline">{c.assignee.name}</span>
          </>
        ) : (
          <>
            <UserRound className="size-4" />
            <span className="hidden sm:inline">Assign</span>
          </>
        )}
      </Button>
      <Dialog open={open} onOpenChange={openDialog}>
        <DialogContent className="sm:max-w-md">
          <DialogHeader>
            <DialogTitle>{c.assignee ? "Reassign conversation" : "Assign conversation"}</DialogTitle>
            <DialogDescription>
              {c.assignee
                ? `Currently with ${c.assignee.name}. Only one person holds a conversation at a time.`
                : "Only one person holds a conversation at a time."}
            </DialogDescription>
          </DialogHeader>
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              if (userId) assign.mutate({ userId, note });
            }}
          >
            <div className="space-y-1.5">
              <Label htmlFor="assign-user">Assign to</Label>
              <Select value={userId} onValueChange={setUserId}>
                <SelectTrigger id="assign-user" className="w-full">
                  <SelectValue placeholder="Choose a team member" />
                </SelectTrigger>
                <SelectContent>
                  {(assignees.data ?? []).map((u) => (
                    <SelectItem key={u.id} value={u.id}>
                      {u.name}
                      {u.id === api.meId ? " (me)" : ""}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="assign-note">Note (optional)</Label>
              <Textarea
                id="assign-note"
                value={note}
                maxLength={500}
                rows={2}
                placeholder="Why, or what the next person should know"
                onChange={(e) => setNote(e.target.value)}
              />
            </div>
            <DialogFooter className="gap-2 sm:justify-between">
              {c.assignee ? (
                <Button
                  type="button"
                  variant="ghost"
                  disabled={assign.isPending}
                  onClick={() => assign.mutate({ userId: null, note })}
                >
                  <UserRoundX className="size-4" /> Unassign
                </Button>
              ) : (
                <span />
              )}
              <Button type="submit" disabled={!userId || assign.isPending}>
                {assign.isPending ? "Saving…" : c.assignee ? "Reassign" : "Assign"}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
