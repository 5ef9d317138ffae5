import {
  Building2,
  FileText,
  Inbox,
  type LucideIcon,
  Megaphone,
  Phone,
  Settings,
  Webhook,
  Workflow,
} from "lucide-react";

export interface NavItem {
  label: string;
  segment: string;
  icon: LucideIcon;
  adminOnly?: boolean;
}

export const NAV: NavItem[] = [
  { label: "Inbox", segment: "inbox", icon: Inbox },
  { label: "Workflows", segment: "workflows", icon: Workflow },
  { label: "Templates", segment: "templates", icon: FileText },
  { label: "Numbers", segment: "numbers", icon: Phone, adminOnly: true },
  { label: "Customers", segment: "customers", icon: Building2, adminOnly: true },
  { label: "Broadcasts", segment: "broadcasts", icon: Megaphone, adminOnly: true },
  { label: "Webhooks", segment: "webhooks", icon: Webhook, adminOnly: true },
  { label: "Settings", segment: "settings", icon: Settings },
];
