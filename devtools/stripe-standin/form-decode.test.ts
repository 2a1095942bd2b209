// Stripe's request encoding and period arithmetic, without a server.
import { describe, expect, it } from "vitest";
import { decodeForm } from "./form-decode";
import { addIntervals } from "./periods";

describe("decodeForm", () => {
  it("nests bracketed keys into objects and indexed arrays", () => {
    expect(decodeForm("line_items[0][price]=price_a&line_items[0][quantity]=2&line_items[1][price]=price_b&metadata[k]=v&expand[0]=subscription")).toEqual({
      line_items: [{ price: "price_a", quantity: "2" }, { price: "price_b" }],
      metadata: { k: "v" },
      expand: ["subscription"],
    });
  });

  it("treats %5B/%5D like raw brackets and [] as append", () => {
    expect(decodeForm("expand%5B%5D=a&expand[]=b&created%5Bgte%5D=1700000000")).toEqual({ expand: ["a", "b"], created: { gte: "1700000000" } });
  });

  it("orders indexes numerically, not in arrival order", () => {
    expect(decodeForm("items[10][id]=k&items[2][id]=c&items[0][id]=a")).toEqual({ items: [{ id: "a" }, { id: "c" }, { id: "k" }] });
  });

  it("decodes + as a space and percent escapes, and keeps an empty value as the empty string", () => {
    expect(decodeForm("name=Ada+Lovelace&email=a%2Bb%40x.io&metadata=")).toEqual({ name: "Ada Lovelace", email: "a+b@x.io", metadata: "" });
  });

  it("rejects a key given both as a value and as a hash, and prototype keys", () => {
    expect(() => decodeForm("metadata=x&metadata[a]=b")).toThrow(/Invalid hash/);
    expect(() => decodeForm("metadata[__proto__][polluted]=1")).toThrow(/Invalid parameter name/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("rejects malformed percent encoding and unbalanced brackets", () => {
    expect(() => decodeForm("email=%E0%A4%A")).toThrow(/Invalid URL encoding/);
    expect(() => decodeForm("metadata[a=b")).toThrow(/Invalid parameter name/);
  });
});

describe("addIntervals", () => {
  const at = (iso: string) => Date.parse(iso) / 1000;

  it("keeps the anchor day and time of day", () => {
    expect(addIntervals(at("2026-03-15T10:20:30Z"), "month", 1)).toBe(at("2026-04-15T10:20:30Z"));
    expect(addIntervals(at("2026-03-15T10:20:30Z"), "year", 1)).toBe(at("2027-03-15T10:20:30Z"));
  });

  it("clamps to the month's last day and returns to the anchor day afterwards", () => {
    const anchor = at("2026-01-31T00:00:00Z");
    expect(addIntervals(anchor, "month", 1)).toBe(at("2026-02-28T00:00:00Z"));
    expect(addIntervals(anchor, "month", 2)).toBe(at("2026-03-31T00:00:00Z"));
    expect(addIntervals(anchor, "month", 3)).toBe(at("2026-04-30T00:00:00Z"));
    expect(addIntervals(at("2028-02-29T00:00:00Z"), "year", 1)).toBe(at("2029-02-28T00:00:00Z"));
  });
});
