"use client";

import { Building2, Globe, Mail, MapPin, Store } from "lucide-react";
import { useRouter } from "next/navigation";
import { type ReactNode, useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { NativeSelect } from "@/components/templates/native-select";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { saveProfileAction } from "@/lib/profile/actions";
import {
  type BusinessProfile,
  checkPhoto,
  checkProfile,
  PROFILE_LIMITS,
  VERTICAL_LABELS,
  VERTICALS,
} from "@/lib/profile/rules";
import { cn } from "@/lib/utils";

/** The chosen photo cropped to its centre square (what WhatsApp shows in a circle), as a JPEG. */
async function cropSquare(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const side = Math.min(bitmap.width, bitmap.height, 1024);
  const crop = Math.min(bitmap.width, bitmap.height);
  const canvas = document.createElement("canvas");
  canvas.width = side;
  canvas.height = side;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("This browser cannot prepare the photo.");
  ctx.drawImage(bitmap, (bitmap.width - crop) / 2, (bitmap.height - crop) / 2, crop, crop, 0, 0, side, side);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error("Could not prepare the photo."))),
      "image/jpeg",
      0.9,
    ),
  );
}

function Field({
  id,
  label,
  count,
  max,
  error,
  children,
}: {
  id: string;
  label: string;
  count?: number;
  max?: number;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <div className="flex items-baseline justify-between">
        <Label htmlFor={id}>{label}</Label>
        {max !== undefined ? (
          <span
            className={cn(
              "text-xs tabular-nums",
              (count ?? 0) > max ? "text-destructive" : "text-muted-foreground",
            )}
          >
            {count ?? 0}/{max}
          </span>
        ) : null}
      </div>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-destructive" data-testid="profile-problem">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Preview({ p, name, photo }: { p: BusinessProfile; name: string; photo: string | null }) {
  const row = (icon: ReactNode, text: ReactNode) => (
    <div className="flex gap-3 border-t border-black/5 px-4 py-3 text-sm dark:border-white/10">
      <span className="mt-0.5 text-[#667781] dark:text-[#8696a0]">{icon}</span>
      <span className="min-w-0 break-words">{text}</span>
    </div>
  );
  return (
    <figure
      aria-label="Preview of the business info"
      data-testid="profile-preview"
      className="overflow-hidden rounded-lg border bg-white text-[#111b21] dark:bg-[#111b21] dark:text-[#e9edef]"
    >
      <div className="flex flex-col items-center gap-2 px-4 py-5">
        {photo ? (
          // biome-ignore lint/performance/noImgElement: a local object URL or the profile's own URL
          <img
            src={photo}
            alt="Business profile"
            referrerPolicy="no-referrer"
            className="size-24 rounded-full object-cover"
          />
        ) : (
          <div className="flex size-24 items-center justify-center rounded-full bg-[#dfe5e7] text-[#8696a0] dark:bg-[#374248]">
            <Store className="size-10" aria-hidden="true" />
          </div>
        )}
        <p className="text-lg font-medium">{name}</p>
        <p className="text-xs text-[#667781] dark:text-[#8696a0]">Business account</p>
      </div>
      {p.about ? row(<Building2 className="size-4" />, p.about) : null}
      {p.description ? row(<Store className="size-4" />, p.description) : null}
      {p.vertical && p.vertical !== "UNDEFINED"
        ? row(<Store className="size-4" />, VERTICAL_LABELS[p.vertical] ?? p.vertical)
        : null}
      {p.address ? row(<MapPin className="size-4" />, p.address) : null}
      {p.email
        ? row(
            <Mail className="size-4" />,
            <span className="text-[#027eb5] dark:text-[#53bdeb]">{p.email}</span>,
          )
        : null}
      {p.websites.filter(Boolean).map((w) => (
        <div key={w}>
          {row(<Globe className="size-4" />, <span className="text-[#027eb5] dark:text-[#53bdeb]">{w}</span>)}
        </div>
      ))}
    </figure>
  );
}

export function ProfileEditor({
  projectId,
  numberId,
  name,
  initial,
  photoUrl,
}: {
  projectId: string;
  numberId: string;
  name: string;
  initial: BusinessProfile;
  /** Where the browser can load the current photo (null: none or not reachable). */
  photoUrl: string | null;
}) {
  const router = useRouter();
  const [p, setP] = useState<BusinessProfile>({
    ...initial,
    websites: [...initial.websites, "", ""].slice(0, 2),
  });
  const [photo, setPhoto] = useState<{ file: File; url: string } | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const set = (patch: Partial<BusinessProfile>) => setP((v) => ({ ...v, ...patch }));
  const problems = useMemo(() => checkProfile({ ...p, websites: p.websites.filter((w) => w !== "") }), [p]);
  const err = (f: string) => problems.find((x) => x.field === f)?.message;
  // A one-line field with its limit counter and its rule's message.
  const textField = (key: "about" | "address" | "email", label: string, type?: string) => (
    <Field
      id={`profile-${key}`}
      label={label}
      count={p[key].length}
      max={PROFILE_LIMITS[key]}
      error={err(key)}
    >
      <Input
        id={`profile-${key}`}
        type={type}
        value={p[key]}
        aria-invalid={err(key) ? true : undefined}
        onChange={(e) => set({ [key]: e.target.value })}
      />
    </Field>
  );
  const websiteErr = (i: number) => {
    const nonEmpty = p.websites.slice(0, i + 1).filter((w) => w !== "").length - 1;
    return p.websites[i] ? problems.find((x) => x.field === `websites[${nonEmpty}]`)?.message : undefined;
  };
  const invalid = problems.length > 0 || !!photoError;

  function pickPhoto(file: File | undefined) {
    if (!file) return;
    const problem = checkPhoto(file);
    setPhotoError(problem);
    if (problem) return;
    setPhoto({ file, url: URL.createObjectURL(file) });
  }

  function save() {
    setServerError(null);
    start(async () => {
      let photoHandle: string | undefined;
      if (photo) {
        const form = new FormData();
        form.set("file", new File([await cropSquare(photo.file)], "profile.jpg", { type: "image/jpeg" }));
        const res = await fetch(`/api/projects/${projectId}/uploads?number=${numberId}`, {
          method: "POST",
          body: form,
        });
        const json = (await res.json()) as { handle?: string; error?: string };
        if (!res.ok || !json.handle) {
          setServerError(json.error ?? "The photo upload failed.");
          return;
        }
        photoHandle = json.handle;
      }
      const r = await saveProfileAction({
        projectId,
        numberId,
        about: p.about,
        address: p.address,
        description: p.description,
        email: p.email,
        websites: p.websites.filter((w) => w !== ""),
        vertical: p.vertical,
        photoHandle,
      });
      if (!r.ok) {
        setServerError(r.error);
        return;
      }
      toast.success("Business profile saved to WhatsApp.");
      setPhoto(null);
      router.refresh();
    });
  }

  return (
    <form
      className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) save();
      }}
    >
      <div className="min-w-0 space-y-4">
        <Field
          id="profile-photo"
          label="Profile photo (JPG or PNG, up to 5 MB; cropped to a square)"
          error={photoError ?? undefined}
        >
          <div className="flex items-center gap-4">
            {photo ? (
              // biome-ignore lint/performance/noImgElement: a local object URL of the chosen file
              <img
                src={photo.url}
                alt="New profile, square crop"
                className="size-16 rounded-full object-cover"
                data-testid="photo-crop"
              />
            ) : null}
            <Input
              id="profile-photo"
              type="file"
              accept="image/jpeg,image/png"
              aria-invalid={photoError ? true : undefined}
              onChange={(e) => pickPhoto(e.target.files?.[0])}
            />
          </div>
        </Field>
        {textField("about", "About")}
        <Field
          id="profile-description"
          label="Description"
          count={p.description.length}
          max={PROFILE_LIMITS.description}
          error={err("description")}
        >
          <Textarea
            id="profile-description"
            rows={4}
            value={p.description}
            aria-invalid={err("description") ? true : undefined}
            onChange={(e) => set({ description: e.target.value })}
          />
        </Field>
        <Field id="profile-vertical" label="Category" error={err("vertical")}>
          <NativeSelect
            id="profile-vertical"
            className="w-full"
            value={p.vertical}
            onChange={(e) => set({ vertical: e.target.value })}
          >
            {VERTICALS.map((v) => (
              <option key={v} value={v}>
                {VERTICAL_LABELS[v]}
              </option>
            ))}
          </NativeSelect>
        </Field>
        {textField("address", "Address")}
        {textField("email", "Email", "email")}
        {[0, 1].map((i) => (
          <Field
            key={i}
            id={`profile-website-${i}`}
            label={`Website ${i + 1}`}
            count={p.websites[i]?.length ?? 0}
            max={PROFILE_LIMITS.website}
            error={websiteErr(i)}
          >
            <Input
              id={`profile-website-${i}`}
              value={p.websites[i] ?? ""}
              placeholder="https://"
              aria-invalid={websiteErr(i) ? true : undefined}
              onChange={(e) => set({ websites: p.websites.map((w, j) => (j === i ? e.target.value : w)) })}
            />
          </Field>
        ))}
        {serverError ? (
          <p className="rounded-md border border-destructive/50 p-3 text-sm text-destructive" role="alert">
            {serverError}
          </p>
        ) : null}
        <Button type="submit" disabled={invalid || pending}>
          {pending ? <Spinner /> : null}
          Save to WhatsApp
        </Button>
      </div>
      <aside className="space-y-2 lg:sticky lg:top-4 lg:self-start">
        <h2 className="text-sm font-semibold">How customers see it</h2>
        <Preview p={p} name={name} photo={photo?.url ?? photoUrl} />
      </aside>
    </form>
  );
}
