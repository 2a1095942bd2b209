import { describe, expect, it } from "vitest";
import { parseAuditFilters, parseAuditPageQuery } from "@/lib/audit/audit-query";
import { canonicalJson } from "@/lib/audit/canonical-json";
import { AppError } from "@/lib/errors";

const parse = (query: string) => parseAuditPageQuery(new URLSearchParams(query));

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? `${error.status} ${error.code}` : "other";
  }
}

describe("audit log query parameters", () => {
  it("accepts plain values and fills the default limit", () => {
    expect(parse("action=site.created&actorId=5b8f0a4e-1b7c-4d2a-9c1e-2f3a4b5c6d7e&targetType=site&targetId=abc")).toEqual({
      action: "site.created", actorId: "5b8f0a4e-1b7c-4d2a-9c1e-2f3a4b5c6d7e", targetType: "site", targetId: "abc", limit: 50,
    });
  });

  it("ignores blank parameters, as a filter form sends them", () => {
    expect(parse("action=&actorId=&targetType=&targetId=&from=&to=&limit=&cursor=")).toEqual({ limit: 50 });
  });

  it("treats a bare `to` date as the whole day and a time as that instant", () => {
    expect(parse("from=2026-01-01&to=2026-01-31")).toMatchObject({ from: new Date("2026-01-01T00:00:00Z"), toExclusive: new Date("2026-02-01T00:00:00Z") });
    expect(parse("to=2026-01-31T10:00:00%2B02:00").toExclusive).toEqual(new Date("2026-01-31T08:00:00.001Z"));
  });

  it("round-trips the cursor of a page", () => {
    const cursor = Buffer.from("2026-01-01T00:00:00.000Z|5b8f0a4e-1b7c-4d2a-9c1e-2f3a4b5c6d7e").toString("base64url");
    expect(parse(`cursor=${cursor}`).cursor).toEqual({ occurredAt: new Date("2026-01-01T00:00:00.000Z"), id: "5b8f0a4e-1b7c-4d2a-9c1e-2f3a4b5c6d7e" });
  });

  it("refuses anything but single plain values with 400", () => {
    for (const query of [
      "action[$ne]=x", "action[$ne]=", "tenantId=", "action=a.b&action=c.d", "action=&action=", "action={\"$gt\":\"\"}", "actorId={\"$gt\":\"\"}", "targetId[$in][]=a",
      "actorId[]=a", "$where=1", "tenantId=x", "limit=201", "limit=-1", "limit=1e2", "cursor=e30", "from=tomorrow", "to=2026-13-01", "to=2026-02-31",
    ]) {
      expect([query, codeOf(() => parse(query))]).toEqual([query, "400 bad_request"]);
    }
  });

  it("keeps paging parameters off the export", () => {
    expect(codeOf(() => parseAuditFilters(new URLSearchParams("limit=10")))).toBe("400 bad_request");
    expect(codeOf(() => parseAuditFilters(new URLSearchParams("action=site.created")))).toBeUndefined();
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every level, writes dates as ISO strings and drops undefined members", () => {
    const value = { b: 1, a: { d: [1, { z: null, y: "x" }], c: new Date("2026-01-01T00:00:00Z") }, u: undefined };
    expect(canonicalJson(value)).toBe('{"a":{"c":"2026-01-01T00:00:00.000Z","d":[1,{"y":"x","z":null}]},"b":1}');
    expect(canonicalJson({ a: { d: [1, { y: "x", z: null }], c: new Date("2026-01-01T00:00:00Z") }, b: 1 })).toBe(canonicalJson(value));
  });
});
