"use client";

import Papa from "papaparse";
import { useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { addRecipientsAction } from "@/lib/broadcasts/actions";
import { checkRecipients, MAX_RECIPIENTS_PER_REQUEST, type TemplateNeeds } from "@/lib/broadcasts/recipients";
import { countOf } from "@/lib/utils";

const MAX_ROWS = 100_000;
const MAX_BYTES = 10 * 1024 * 1024;

function guessPhone(columns: string[]): string {
  return columns.find((c) => /phone|number|mobile|whatsapp|wa_?id|tel/i.test(c)) ?? columns[0] ?? "";
}

/** CSV → column mapping → a preview of problems → recipients added in chunks of 1,000. */
export function CsvUpload({
  projectId,
  broadcastId,
  needs,
  onAdded,
}: {
  projectId: string;
  broadcastId: string;
  needs: TemplateNeeds;
  onAdded: () => void;
}) {
  const [file, setFile] = useState<{ name: string; columns: string[]; rows: Record<string, string>[] }>();
  const [parseError, setParseError] = useState<string>();
  const [phoneCol, setPhoneCol] = useState("");
  const [paramCols, setParamCols] = useState<string[]>([]);
  const [pending, start] = useTransition();
  const [progress, setProgress] = useState<string>();

  function load(f: File | undefined) {
    setParseError(undefined);
    setFile(undefined);
    if (!f) return;
    if (f.size > MAX_BYTES) {
      setParseError("The file is larger than 10 MB; split it into smaller files.");
      return;
    }
    Papa.parse<Record<string, string>>(f, {
      header: true,
      skipEmptyLines: "greedy",
      transformHeader: (h) => h.trim(),
      complete: (r) => {
        const columns = (r.meta.fields ?? []).filter(Boolean);
        if (!columns.length) {
          setParseError("The file has no header row: the first line must name the columns.");
          return;
        }
        if (r.data.length > MAX_ROWS) {
          setParseError(
            `The file has ${r.data.length.toLocaleString()} rows; at most ${MAX_ROWS.toLocaleString()} per upload.`,
          );
          return;
        }
        setFile({ name: f.name, columns, rows: r.data });
        setPhoneCol(guessPhone(columns));
        setParamCols(needs.body.map((_, i) => columns.filter((c) => c !== guessPhone(columns))[i] ?? ""));
      },
      error: (e) => setParseError(`Could not read the file: ${e.message}`),
    });
  }

  const recipients = useMemo(
    () =>
      file?.rows.map((row) => ({
        phone_number: row[phoneCol] ?? "",
        ...(needs.body.length ? { parameters: paramCols.map((c) => (row[c] ?? "").trim()) } : {}),
      })) ?? [],
    [file, phoneCol, paramCols, needs.body.length],
  );
  const check = useMemo(() => checkRecipients(recipients, needs), [recipients, needs]);

  function upload() {
    start(async () => {
      let added = 0;
      let duplicates = check.duplicates;
      const valid = check.valid.map((v) => ({ phone_number: v.phone, components: v.components }));
      for (let i = 0; i < valid.length; i += MAX_RECIPIENTS_PER_REQUEST) {
        setProgress(
          `Adding ${Math.min(i + MAX_RECIPIENTS_PER_REQUEST, valid.length).toLocaleString()} of ${valid.length.toLocaleString()}…`,
        );
        const r = await addRecipientsAction({
          projectId,
          broadcastId,
          recipients: valid.slice(i, i + MAX_RECIPIENTS_PER_REQUEST),
        });
        if (!r.ok) {
          toast.error(r.error);
          break;
        }
        added += r.data.added;
        duplicates += r.data.duplicates;
      }
      setProgress(undefined);
      toast.success(
        `${countOf(added, "recipient")} added${duplicates ? `, ${countOf(duplicates, "duplicate")} skipped` : ""}`,
      );
      setFile(undefined);
      onAdded();
    });
  }

  return (
    <div className="space-y-4">
      <div className="space-y-1.5">
        <Label htmlFor="csv-file">Recipients CSV</Label>
        <input
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => load(e.target.files?.[0])}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border file:bg-background file:px-3 file:py-1.5 file:text-sm"
        />
        <p className="text-xs text-muted-foreground">
          A header row, a column with phone numbers in international format
          {needs.body.length
            ? `, and a column for each of the template's ${needs.body.length} parameters`
            : ""}
          .
        </p>
        {parseError ? (
          <p role="alert" className="text-sm text-destructive">
            {parseError}
          </p>
        ) : null}
      </div>
      {file ? (
        <div className="space-y-4 rounded-md border p-3" data-testid="csv-preview">
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="space-y-1">
              <Label htmlFor="map-phone">Phone number column</Label>
              <select
                id="map-phone"
                value={phoneCol}
                onChange={(e) => setPhoneCol(e.target.value)}
                className="h-9 w-full rounded-md border bg-background px-2 text-sm"
              >
                {file.columns.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </div>
            {needs.body.map((p, i) => (
              <div key={p} className="space-y-1">
                <Label htmlFor={`map-param-${p}`}>{`Parameter {{${p}}}`}</Label>
                <select
                  id={`map-param-${p}`}
                  value={paramCols[i] ?? ""}
                  onChange={(e) => setParamCols((cols) => cols.map((c, j) => (j === i ? e.target.value : c)))}
                  className="h-9 w-full rounded-md border bg-background px-2 text-sm"
                >
                  <option value="">Choose a column</option>
                  {file.columns.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          <p className="text-sm" role="status" data-testid="csv-summary">
            {file.name}: {countOf(file.rows.length, "row")} ·{" "}
            <strong>{check.valid.length.toLocaleString()} ready</strong>
            {check.duplicates ? ` · ${countOf(check.duplicates, "duplicate")}` : ""}
            {check.errors.length ? ` · ${check.errors.length.toLocaleString()} with problems` : ""}
          </p>
          {check.errors.length ? (
            <div className="space-y-1">
              <p className="text-sm font-medium">Problems (these rows are left out)</p>
              <ul
                className="max-h-40 space-y-0.5 overflow-y-auto text-xs text-muted-foreground"
                data-testid="csv-problems"
              >
                {check.errors.slice(0, 50).map((e) => (
                  <li key={e.index}>
                    Row {e.index + 2}
                    {e.phone_number ? ` (${e.phone_number})` : ""}: {e.error}
                  </li>
                ))}
                {check.errors.length > 50 ? <li>… and {check.errors.length - 50} more</li> : null}
              </ul>
            </div>
          ) : null}
          <div className="flex flex-wrap items-center gap-2">
            <Button onClick={upload} disabled={pending || check.valid.length === 0}>
              {pending ? <Spinner /> : null}
              Add {countOf(check.valid.length, "recipient")}
            </Button>
            <Button variant="outline" onClick={() => setFile(undefined)} disabled={pending}>
              Discard
            </Button>
            {progress ? <span className="text-sm text-muted-foreground">{progress}</span> : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
