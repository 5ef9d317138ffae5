/** How a contact is named everywhere: the name the business gave it, else the WhatsApp profile name. */
export function contactName(c: { displayName: string | null; profileName: string | null }): string | null {
  return c.displayName ?? c.profileName;
}
