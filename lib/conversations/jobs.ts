import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { endInactiveConversations } from "./mutations";

export const endInactiveConversationsJob = defineJob({
  name: "conversations.end-inactive",
  data: z.object({}),
  schedule: "* * * * *",
  scheduleData: {},
  run: () => endInactiveConversations(),
});

export const conversationJobs = [endInactiveConversationsJob];
