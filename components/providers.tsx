"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { ThemeProvider } from "next-themes";
import type { ReactNode } from "react";
import { Toaster } from "@/components/ui/sonner";
import { TooltipProvider } from "@/components/ui/tooltip";
import { getQueryClient } from "@/lib/query-client";

/**
 * An embed sets its own light/dark mode, and it shares this origin's localStorage with the dashboard when
 * an operator opens both: it keeps its mode under its own key so it never switches the dashboard's.
 */
export const EMBED_THEME_KEY = "switchboard-embed-theme";

export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  const queryClient = getQueryClient();
  const embedded = usePathname()?.startsWith("/embed/") ?? false;
  return (
    <ThemeProvider
      attribute="class"
      defaultTheme="system"
      enableSystem
      disableTransitionOnChange
      nonce={nonce}
      storageKey={embedded ? EMBED_THEME_KEY : "theme"}
    >
      <QueryClientProvider client={queryClient}>
        <TooltipProvider delayDuration={300}>
          {children}
          {/* Raised clear of the bars pages keep at the bottom (the inbox's reply box and its Reopen bar,
              which a "Conversation closed" toast covered). */}
          <Toaster
            richColors
            closeButton
            position="bottom-right"
            offset={{ bottom: 88, right: 24 }}
            mobileOffset={{ bottom: 88 }}
          />
        </TooltipProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
