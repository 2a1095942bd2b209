import { beforeAll, describe, expect, it } from "vitest";
import { authenticateUser } from "@/lib/auth/authenticate-user";
import { AppError } from "@/lib/errors";
import { getTenantBySubdomain, type TenantContext } from "@/lib/tenants";
import { createTestTenant, createTestUser, type TestUser } from "../helpers/factories";
import { randomIp } from "../helpers/requests";

let tenantA: TenantContext;
let tenantB: TenantContext;
let userA: TestUser;

beforeAll(async () => {
  const [a, b] = await Promise.all([createTestTenant(), createTestTenant()]);
  [tenantA, tenantB] = [(await getTenantBySubdomain(a.subdomain))!, (await getTenantBySubdomain(b.subdomain))!];
  userA = await createTestUser(tenantA.id);
});

describe("authenticateUser (the Credentials provider's check)", () => {
  it("accepts the right password, with the email in any case", async () => {
    const principal = await authenticateUser(tenantA, { email: userA.email.toUpperCase(), password: userA.password }, randomIp());
    expect(principal).toMatchObject({ type: "user", userId: userA.id, roleMask: userA.roleMask });
  });

  it("rejects a wrong password and an unknown email alike", async () => {
    expect(await authenticateUser(tenantA, { email: userA.email, password: "wrong password!" }, randomIp())).toBeNull();
    expect(await authenticateUser(tenantA, { email: "nobody@example.test", password: userA.password }, randomIp())).toBeNull();
  });

  it("looks the email up within the tenant of the host only", async () => {
    expect(await authenticateUser(tenantB, { email: userA.email, password: userA.password }, randomIp())).toBeNull();
  });

  it("rejects malformed credentials without touching the database", async () => {
    for (const input of [undefined, {}, { email: { $ne: null }, password: "x" }, { email: "a@b.c", password: "" }, { email: "' OR 1=1 --", password: "x" }]) {
      expect(await authenticateUser(tenantA, input, randomIp())).toBeNull();
    }
  });

  it("rate-limits one account to 10 attempts per window whatever the client address", async () => {
    const user = await createTestUser(tenantA.id);
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      try {
        await authenticateUser(tenantA, { email: user.email, password: "wrong password!" }, randomIp());
        outcomes.push("refused");
      } catch (error) {
        outcomes.push(error instanceof AppError ? error.code : "error");
      }
    }
    expect(outcomes).toEqual([...Array(10).fill("refused"), "rate_limited"]);
    // Even the right password is refused until the window passes.
    await expect(authenticateUser(tenantA, { email: user.email, password: user.password }, randomIp())).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("rate-limits one client address to 30 attempts per window across accounts", async () => {
    const ip = randomIp();
    let limitedAt = -1;
    for (let attempt = 0; attempt < 31 && limitedAt < 0; attempt++) {
      try {
        await authenticateUser(tenantA, { email: `probe-${attempt}@example.test`, password: "x" }, ip);
      } catch (error) {
        if (error instanceof AppError && error.code === "rate_limited") limitedAt = attempt;
      }
    }
    expect(limitedAt).toBe(30);
  });
});
