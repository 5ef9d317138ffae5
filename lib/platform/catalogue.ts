import type { DocumentedResource, Resource } from "@/lib/http/resource";
import { apiLogs } from "./api-logs";
import {
  broadcast,
  broadcastCancel,
  broadcastRecipients,
  broadcastSchedule,
  broadcastSend,
  broadcasts,
} from "./broadcasts";
import { assignment, assignments, conversation, conversations, users } from "./conversations";
import { customer, customerNumbers, customerSetupLinks, customers, setupLink } from "./customers";
import { projectEvents } from "./events";
import { inboxEmbed, inboxEmbeds } from "./inbox-embeds";
import { media } from "./media";
import { message, messages } from "./messages";
import { metaProxyExtensions } from "./meta-proxy";
import {
  displayNameRequest,
  displayNameRequests,
  phoneNumber,
  phoneNumberConnect,
  phoneNumberHealth,
  phoneNumbers,
} from "./phone-numbers";
import { providerModels } from "./provider-models";
import { numberWebhooks, projectWebhooks, webhookDeliveries, webhookResource, webhookTest } from "./webhooks";
import {
  conversationExecutions,
  workflowExecution,
  workflowExecutionEvents,
  workflowExecutionResume,
  workflowExecutions,
  workflowVariables,
} from "./workflow-executions";
import {
  trigger,
  workflow,
  workflowDefinition,
  workflows,
  workflowTrigger,
  workflowTriggers,
} from "./workflows";

/** Every Platform API resource, in the order the reference shows them (the OpenAPI document's source). */
export const platformResources: Resource[] = [
  conversations,
  conversation,
  assignments,
  assignment,
  users,
  inboxEmbeds,
  inboxEmbed,
  workflows,
  workflow,
  workflowDefinition,
  workflowTriggers,
  workflowTrigger,
  trigger,
  customers,
  customer,
  customerNumbers,
  customerSetupLinks,
  setupLink,
  broadcasts,
  broadcast,
  broadcastRecipients,
  broadcastSend,
  broadcastSchedule,
  broadcastCancel,
  projectEvents,
  apiLogs,
  messages,
  message,
  media,
  providerModels,
  workflowExecutions,
  workflowExecution,
  workflowExecutionResume,
  workflowExecutionEvents,
  conversationExecutions,
  workflowVariables,
  numberWebhooks,
  projectWebhooks,
  webhookResource,
  webhookTest,
  webhookDeliveries,
  phoneNumbers,
  phoneNumberConnect,
  phoneNumber,
  phoneNumberHealth,
  displayNameRequests,
  displayNameRequest,
];

/** The Meta proxy's Kapso extensions (served by the proxy's catch-all route, declared here for the docs). */
export const proxyResources: DocumentedResource[] = metaProxyExtensions;
