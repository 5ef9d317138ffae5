"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { keepInput, useActionForm } from "@/components/ui/use-action-form";
import { createCustomerAction, updateCustomerAction } from "@/lib/customers/actions";

/** Create (no `customer`) or edit a customer: a name and an optional external id. */
export function CustomerFormDialog({
  projectId,
  projectSlug,
  customer,
  open,
  onOpenChange,
}: {
  projectId: string;
  projectSlug: string;
  customer?: { id: string; name: string; externalId: string | null };
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const router = useRouter();
  const { fields, error, pending, reset, submit } = useActionForm();
  const [key, setKey] = useState(0);
  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) {
      reset();
      setKey((k) => k + 1);
    }
  };
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="sm:max-w-md">
        <form
          key={key}
          className="space-y-4"
          onSubmit={keepInput((f) => {
            const input = {
              projectId,
              name: String(f.get("name") ?? ""),
              externalId: String(f.get("externalId") ?? ""),
            };
            submit(
              () =>
                customer
                  ? updateCustomerAction({ ...input, customerId: customer.id })
                  : createCustomerAction(input),
              (data) => {
                close(false);
                if (customer) {
                  toast.success("Customer saved");
                  router.refresh();
                } else {
                  toast.success(`${input.name} was created`);
                  router.push(`/p/${projectSlug}/customers/${data.id}`);
                }
              },
            );
          })}
        >
          <DialogHeader>
            <DialogTitle>{customer ? "Edit customer" : "New customer"}</DialogTitle>
            <DialogDescription>
              A company you connect WhatsApp numbers for. The external ID is yours (for example the id of the
              account in your own app); the API finds customers by it.
            </DialogDescription>
          </DialogHeader>
          <div className="space-y-1.5">
            <Label htmlFor="customer-name">Name</Label>
            <Input
              id="customer-name"
              name="name"
              defaultValue={customer?.name}
              required
              maxLength={120}
              autoFocus
              aria-invalid={!!fields.name}
              aria-describedby={fields.name ? "customer-name-error" : undefined}
            />
            {fields.name ? (
              <p id="customer-name-error" className="text-sm text-destructive">
                {fields.name}
              </p>
            ) : null}
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="customer-external-id">External ID (optional)</Label>
            <Input
              id="customer-external-id"
              name="externalId"
              defaultValue={customer?.externalId ?? ""}
              maxLength={200}
              className="font-mono"
              aria-invalid={!!fields.externalId}
              aria-describedby={fields.externalId ? "customer-external-id-error" : undefined}
            />
            {fields.externalId ? (
              <p id="customer-external-id-error" className="text-sm text-destructive">
                {fields.externalId}
              </p>
            ) : null}
          </div>
          {error ? (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => close(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner /> : null}
              {customer ? "Save" : "Create customer"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
