import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const valid = { AUTH_SECRET: "x".repeat(32), ENCRYPTION_KEY: randomBytes(32).toString("base64") };

function errorOf(vars: Record<string, string>): string {
  try {
    parseEnv(vars);
  } catch (e) {
    expect(e).toBeInstanceOf(EnvError);
    return (e as Error).message;
  }
  throw new Error("expected parseEnv to throw");
}

describe("parseEnv", () => {
  it("applies defaults", () => {
    const e = parseEnv(valid);
    expect(e.PORT).toBe(3000);
    expect(e.WORKERS).toBe("1");
    expect(e.APP_URL).toBe("http://localhost:3000");
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.SEED_DEMO).toBe(true);
  });

  it("parses the retention limits, and names a bad one", () => {
    const e = parseEnv(valid);
    expect([
      e.WEBHOOK_EVENT_RETENTION_DAYS,
      e.DOMAIN_EVENT_RETENTION_DAYS,
      e.AUDIT_LOG_RETENTION_DAYS,
      e.API_LOG_RETENTION_DAYS,
    ]).toEqual([7, 7, 365, 30]);
    expect(e.WORKFLOW_VERSIONS_KEPT).toBe(100);
    expect(parseEnv({ ...valid, AUDIT_LOG_RETENTION_DAYS: "30" }).AUDIT_LOG_RETENTION_DAYS).toBe(30);
    expect(errorOf({ ...valid, WORKFLOW_VERSIONS_KEPT: "0" })).toContain("WORKFLOW_VERSIONS_KEPT");
    expect(errorOf({ ...valid, API_LOG_RETENTION_DAYS: "0" })).toContain("API_LOG_RETENTION_DAYS");
  });

  it("takes the egress allow-list as names, addresses and ranges, and names a bad entry", () => {
    const ok = "127.0.0.1, localhost,10.0.0.0/8 [::1] hooks.example.internal";
    expect(parseEnv({ ...valid, EGRESS_ALLOW_HOSTS: ok }).EGRESS_ALLOW_HOSTS).toBe(ok);
    for (const bad of ["http://127.0.0.1", "10.0.0.0/33", "127.0.0.1:8080", "a/b"])
      expect(errorOf({ ...valid, EGRESS_ALLOW_HOSTS: bad })).toContain("EGRESS_ALLOW_HOSTS");
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ ...valid, DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });

  it("names each invalid variable and only those", () => {
    const message = errorOf({
      ...valid,
      PORT: "eighty",
      DATABASE_URL: "mysql://x",
      ENCRYPTION_KEY: "short",
      WORKERS: "2",
    });
    for (const name of ["PORT", "DATABASE_URL", "ENCRYPTION_KEY", "WORKERS"]) expect(message).toContain(name);
    expect(message).not.toContain("AUTH_SECRET");
  });

  it("names a missing secret", () => {
    expect(errorOf({ ENCRYPTION_KEY: valid.ENCRYPTION_KEY })).toMatch(/AUTH_SECRET/);
  });

  it("accepts PostgreSQL URLs", () => {
    expect(
      parseEnv({ ...valid, DATABASE_URL: "postgresql://root@127.0.0.1:5432/app" }).DATABASE_URL,
    ).toContain("5432");
  });
});
