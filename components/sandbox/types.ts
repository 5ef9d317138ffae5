export interface PhoneMessage {
  wamid: string;
  direction: "TO_CUSTOMER" | "FROM_CUSTOMER";
  type: string;
  payload: Record<string, unknown>;
  status: string;
  createdAt: string;
}

export interface PhoneTemplate {
  name: string;
  language: string;
  components: Record<string, unknown>[];
}

export interface PhoneView {
  number: { id: string; displayPhoneNumber: string };
  messages: PhoneMessage[];
  templates: PhoneTemplate[];
}

/** What the customer can do to a business message (tap a button, pick a list row). */
export type PhoneAction =
  | { kind: "button_reply"; messageId: string; id: string; title: string }
  | { kind: "list_reply"; messageId: string; id: string; title: string; description?: string }
  | { kind: "quick_reply"; messageId: string; payload: string; title: string };
