import { z } from "zod";
import {
  getCustomer,
  getCustomerNumber,
  getSetupLink,
  listCustomers,
  listSetupLinks,
} from "@/lib/customers/data";
import { createCustomer, deleteCustomer, updateCustomer } from "@/lib/customers/mutations";
import { connectCustomerNumber } from "@/lib/customers/number-mutations";
import {
  connectNumberBody,
  createCustomerBody,
  createSetupLinkBody,
  customerJson,
  customerNumberJson,
  setupLinkJson,
  toPlatformCustomer,
  toPlatformSetupLink,
  toSetupLinkInput,
  updateCustomerBody,
  updateSetupLinkBody,
} from "@/lib/customers/platform";
import { createSetupLink, updateSetupLink } from "@/lib/customers/setup-link-mutations";
import { defineRoute } from "@/lib/http/define-route";
import { platformContext, resource } from "@/lib/http/resource";
import { data, id, noContent, pageMeta } from "./schemas";

// Kapso's customers, setup links and customer numbers (kapso-spec §5.2, §6.2).

const api = { auth: "apiKey", errorShape: "kapso", tag: "Customers" } as const;
const links = { ...api, tag: "Setup links" } as const;
const byCustomer = z.object({ customerId: id });

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1).describe("from 1"),
  per_page: z.coerce.number().int().min(1).max(100).optional().default(20).describe("1–100, default 20"),
});

export const pageOf = (page: number, perPage: number, totalCount: number) => ({
  page,
  per_page: perPage,
  total_pages: Math.ceil(totalCount / perPage),
  total_count: totalCount,
});

export const customers = resource("/platform/v1/customers", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "List customers, most recent first",
      query: pageQuery.extend({
        q: z.string().trim().max(200).optional().describe("Matches the name or external_customer_id"),
      }),
      response: z.object({ data: z.array(customerJson), meta: pageMeta }),
    },
    async (ctx) => {
      const { page, per_page, q } = ctx.query;
      const r = await listCustomers(platformContext(ctx).projectId, { search: q, page, perPage: per_page });
      return { data: r.items.map(toPlatformCustomer), meta: pageOf(page, per_page, r.totalCount) };
    },
  ),
  POST: defineRoute(
    {
      ...api,
      summary: "Create a customer",
      body: createCustomerBody,
      status: 201,
      response: data(customerJson),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const c = ctx.body.customer;
      const created = await createCustomer(p.scope, p.actor, {
        name: c.name,
        externalId: c.external_customer_id,
      });
      return { data: toPlatformCustomer(created) };
    },
  ),
});

export const customer = resource("/platform/v1/customers/{customerId}", api.tag, {
  GET: defineRoute(
    { ...api, summary: "Get a customer", params: byCustomer, response: data(customerJson) },
    async (ctx) => ({
      data: toPlatformCustomer(await getCustomer(platformContext(ctx).projectId, ctx.params.customerId)),
    }),
  ),
  PATCH: defineRoute(
    {
      ...api,
      summary: "Change a customer's name or external id",
      params: byCustomer,
      body: updateCustomerBody,
      response: data(customerJson),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const c = ctx.body.customer;
      const updated = await updateCustomer(p.scope, p.actor, {
        customerId: ctx.params.customerId,
        name: c.name,
        externalId: c.external_customer_id,
      });
      return { data: toPlatformCustomer(updated) };
    },
  ),
  DELETE: defineRoute(
    {
      ...api,
      summary: "Delete a customer",
      description:
        "Their numbers stay in the project without a customer; inbox embeds scoped to the customer and their setup links are deleted.",
      params: byCustomer,
      status: 204,
      response: noContent,
    },
    async (ctx) => {
      const p = platformContext(ctx);
      await deleteCustomer(p.scope, p.actor, { customerId: ctx.params.customerId });
      return new Response(null, { status: 204 });
    },
  ),
});

export const customerNumbers = resource(
  "/platform/v1/customers/{customerId}/whatsapp/phone_numbers",
  api.tag,
  {
    POST: defineRoute(
      {
        ...api,
        summary: "Connect a number to this customer",
        description:
          "A number already in the project is attached to the customer. A new one needs business_account_id, access_token, app_secret and verify_token, which are checked with Meta (the token must read the number and Graph must list it under that account) before it is stored.",
        params: byCustomer,
        body: connectNumberBody,
        status: 201,
        response: data(customerNumberJson),
      },
      async (ctx) => {
        const p = platformContext(ctx);
        const b = ctx.body.whatsapp_phone_number;
        const n = await connectCustomerNumber(p.scope, p.actor, {
          customerId: ctx.params.customerId,
          phoneNumberId: b.phone_number_id,
          wabaId: b.business_account_id,
          accessToken: b.access_token,
          appSecret: b.app_secret,
          verifyToken: b.verify_token,
        });
        return { data: await getCustomerNumber(p.projectId, n.id) };
      },
    ),
  },
);

export const customerSetupLinks = resource("/platform/v1/customers/{customerId}/setup_links", links.tag, {
  GET: defineRoute(
    {
      ...links,
      summary: "List a customer's setup links, most recent first",
      params: byCustomer,
      response: z.object({ data: z.array(setupLinkJson) }),
    },
    async (ctx) => ({
      data: (await listSetupLinks(platformContext(ctx).projectId, ctx.params.customerId)).map(
        toPlatformSetupLink,
      ),
    }),
  ),
  POST: defineRoute(
    {
      ...links,
      summary: "Create a setup link (30 days; revokes the customer's previous open link)",
      description:
        "The url (and its token) is returned only here. On success the hosted page redirects to success_redirect_url with setup_link_id, status=completed, phone_number_id, business_account_id and display_phone_number; on failure to failure_redirect_url with error_code (facebook_auth_failed, phone_verification_failed, waba_limit_reached, token_exchange_failed, link_expired, already_used).",
      params: byCustomer,
      body: createSetupLinkBody,
      status: 201,
      response: data(setupLinkJson.extend({ url: z.string() })),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const { link, url } = await createSetupLink(p.scope, p.actor, {
        customerId: ctx.params.customerId,
        ...toSetupLinkInput(ctx.body.setup_link),
      });
      return { data: { ...toPlatformSetupLink(link), url } };
    },
  ),
});

export const setupLink = resource("/platform/v1/setup_links/{setupLinkId}", links.tag, {
  GET: defineRoute(
    {
      ...links,
      summary: "Get a setup link",
      params: z.object({ setupLinkId: id }),
      response: data(setupLinkJson),
    },
    async (ctx) => ({
      data: toPlatformSetupLink(await getSetupLink(platformContext(ctx).projectId, ctx.params.setupLinkId)),
    }),
  ),
  PATCH: defineRoute(
    {
      ...links,
      summary: "Change an open setup link, or revoke it with status: revoked",
      params: z.object({ setupLinkId: id }),
      body: updateSetupLinkBody,
      response: data(setupLinkJson),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const b = ctx.body.setup_link;
      const link = await updateSetupLink(p.scope, p.actor, {
        setupLinkId: ctx.params.setupLinkId,
        ...toSetupLinkInput(b),
        revoke: b.status === "revoked",
      });
      return { data: toPlatformSetupLink(link) };
    },
  ),
});
