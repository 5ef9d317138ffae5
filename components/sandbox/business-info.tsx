"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, Building2, Globe, Mail, MapPin, Store } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { VERTICAL_LABELS } from "@/lib/profile/rules";

interface ProfileView {
  name: string;
  displayPhoneNumber: string;
  about: string;
  address: string | null;
  description: string | null;
  email: string | null;
  websites: string[];
  vertical: string;
  photoUrl: string | null;
}

/** The business's info screen on the simulated phone: what the number's business profile holds. */
export function BusinessInfo({ numberId, onBack }: { numberId: string; onBack: () => void }) {
  const q = useQuery({
    queryKey: ["sandbox-profile", numberId],
    queryFn: async () => {
      const res = await fetch(`/api/sandbox/phone/profile?numberId=${encodeURIComponent(numberId)}`);
      const json = await res.json();
      if (!res.ok) throw new Error(json.error ?? "Could not load the business info.");
      return json as ProfileView;
    },
  });
  const row = (icon: ReactNode, text: ReactNode) => (
    <div className="flex gap-3 border-t px-4 py-3 text-sm">
      <span className="mt-0.5 text-muted-foreground">{icon}</span>
      <span className="min-w-0 break-words">{text}</span>
    </div>
  );
  const p = q.data;
  return (
    <div className="flex-1 overflow-y-auto bg-background" data-testid="business-info">
      <div className="p-2">
        <Button variant="ghost" size="sm" onClick={onBack}>
          <ArrowLeft className="size-4" /> Chat
        </Button>
      </div>
      {q.isPending ? (
        <div className="flex justify-center p-6">
          <Spinner />
        </div>
      ) : q.isError ? (
        <p className="p-4 text-sm text-destructive">{q.error.message}</p>
      ) : p ? (
        <>
          <div className="flex flex-col items-center gap-2 px-4 pb-4">
            {p.photoUrl ? (
              // biome-ignore lint/performance/noImgElement: served by the app to the project's members
              <img
                src={p.photoUrl}
                alt="Business profile"
                className="size-24 rounded-full object-cover"
                data-testid="business-photo"
              />
            ) : (
              <div className="flex size-24 items-center justify-center rounded-full bg-muted text-muted-foreground">
                <Store className="size-10" aria-hidden="true" />
              </div>
            )}
            <p className="text-lg font-medium">{p.name}</p>
            <p className="text-xs text-muted-foreground">{p.displayPhoneNumber}</p>
          </div>
          {row(<Building2 className="size-4" />, <span data-testid="business-about">{p.about}</span>)}
          {p.description ? row(<Store className="size-4" />, p.description) : null}
          {row(<Store className="size-4" />, VERTICAL_LABELS[p.vertical] ?? p.vertical)}
          {p.address ? row(<MapPin className="size-4" />, p.address) : null}
          {p.email ? row(<Mail className="size-4" />, p.email) : null}
          {p.websites.map((w) => (
            <div key={w}>{row(<Globe className="size-4" />, w)}</div>
          ))}
        </>
      ) : null}
    </div>
  );
}
