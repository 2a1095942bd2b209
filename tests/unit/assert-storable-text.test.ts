import { describe, expect, it } from "vitest";
import { assertStorableText, MAX_JSON_DEPTH } from "@/lib/http/assert-storable-text";
import { AppError } from "@/lib/errors";

describe("assertStorableText", () => {
  it("accepts ordinary text, astral characters and nested values", () => {
    expect(() => assertStorableText({ name: "Café 🚀 𝕊", rows: [{ channel: "organic" }], n: 1, ok: null })).not.toThrow();
  });

  it.each([
    ["a NUL character", { name: "abc\u0000def" }, "name"],
    ["an unpaired high surrogate", { rows: [{ channel: "x\uD800y" }] }, "rows.0.channel"],
    ["an unpaired low surrogate at the start", { note: "\uDC00x" }, "note"],
  ])("refuses %s with a 422 naming the field", (_label, input, field) => {
    let error: unknown;
    try {
      assertStorableText(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect([(error as AppError).status, (error as AppError).details?.map((detail) => detail.field)]).toEqual([422, [field]]);
  });

  it("refuses a body nested deeper than any request needs with a 400, not a stack overflow", () => {
    const deep = JSON.parse(`${"[".repeat(5_000)}${"]".repeat(5_000)}`) as unknown;
    expect(() => assertStorableText(deep)).toThrow(expect.objectContaining({ status: 400, code: "bad_request" }));
    const fine = JSON.parse(`${"[".repeat(MAX_JSON_DEPTH)}"x"${"]".repeat(MAX_JSON_DEPTH)}`) as unknown;
    expect(() => assertStorableText(fine)).not.toThrow();
  });
});
