import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callRaw, closeAttackFixtures, leakedSecret, routeOperations, seedAttackTenant, snapshotTenant, type AttackTenant } from "../helpers/attack-fixtures";
import { ATTACK_TABLE, type AttackRequest } from "../helpers/attack-table";
import { INJECTION_CORPUS, queryValueOf, SLEEP_SECONDS, type InjectionValue } from "../helpers/injection-corpus";
import { tenantRequest } from "../helpers/requests";

// SQL and operator injection into every string parameter of every tenant route: each path
// parameter, each query parameter (those of the route's own request in the attack table plus the
// extra string parameters it lists) and each string leaf of its JSON body gets every corpus entry,
// as A's owner. Every answer is data or a JSON 4xx — never a 5xx, never anything of B's, never a
// sleep — a batch that was rejected throughout leaves A exactly as it was, free text that was
// accepted is stored literally, and B is untouched by the whole run.

interface Slot {
  where: "path" | "query" | "body";
  name: string;
  build(value: InjectionValue): AttackRequest;
}

function bodyLeaves(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value === "string") return [at];
  if (Array.isArray(value)) return value.flatMap((item, index) => bodyLeaves(item, [...at, index]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => bodyLeaves(item, [...at, key]));
  return [];
}

function withLeaf(value: unknown, at: (string | number)[], replacement: InjectionValue): unknown {
  if (at.length === 0) return replacement;
  const [head, ...rest] = at;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head!] = withLeaf(copy[head!], rest, replacement);
  return copy;
}

/** Every string input of a request: its path parameters, query parameters and JSON string leaves. */
function slotsOf(request: AttackRequest, extraQuery: string[]): Slot[] {
  const url = new URL(`http://x${request.path}`);
  const slots: Slot[] = [];
  for (const [name, own] of Object.entries(request.params ?? {})) {
    slots.push({
      where: "path", name,
      build: (value) => {
        // A URL cannot carry an unpaired surrogate: it travels as U+FFFD, as a browser would send it.
        const text = queryValueOf(value).toWellFormed();
        return { ...request, path: request.path.replace(`/${own}`, `/${encodeURIComponent(text)}`), params: { ...request.params, [name]: text } };
      },
    });
  }
  const queryNames = [...new Set([...url.searchParams.keys(), ...extraQuery])];
  for (const name of queryNames) {
    slots.push({
      where: "query", name,
      build: (value) => {
        const query = new URLSearchParams(url.search);
        query.delete(name);
        // An object travels the way qs-style parsers turn into operators: name[$gt]=…
        if (value && typeof value === "object" && !Array.isArray(value)) {
          for (const [operator, operand] of Object.entries(value)) query.set(`${name}[${operator}]`, queryValueOf(operand));
        } else if (Array.isArray(value)) {
          for (const item of value) query.append(name, queryValueOf(item));
        } else {
          query.set(name, queryValueOf(value));
        }
        return { ...request, path: `${url.pathname}?${query.toString()}` };
      },
    });
  }
  for (const leaf of bodyLeaves(request.json)) {
    slots.push({ where: "body", name: leaf.join("."), build: (value) => ({ ...request, json: withLeaf(request.json, leaf, value) }) });
  }
  return slots;
}

// Free-text fields: whatever is accepted must come back exactly as sent (trimmed), i.e. stored as data.
const FREE_TEXT_FIELDS = new Set(["name", "title", "note"]);

const operations = [...(await routeOperations()).values()].filter((op) => op.guard?.kind === "tenant" && ATTACK_TABLE[`${op.method} ${op.path}`]);

let a: AttackTenant;
let b: AttackTenant;
let bBefore: string;
let sent = 0;
let slotCount = 0;
let accepted = 0;

beforeAll(async () => {
  [a, b] = await Promise.all([seedAttackTenant("A", { stripeCustomer: "none" }), seedAttackTenant("B", { stripeCustomer: "marked" })]);
  bBefore = await snapshotTenant(b.tenant.id);
});

afterAll(async () => {
  await closeAttackFixtures();
});

describe(`injection corpus (${INJECTION_CORPUS.length} payloads) into every string parameter of ${operations.length} tenant routes, as A's owner`, () => {
  for (const op of operations) {
    const key = `${op.method} ${op.path}`;
    const entry = ATTACK_TABLE[key]!;

    it(`${key}: never 5xx, JSON errors, nothing of B's, no sleep, rejected input changes nothing`, async () => {
      const own = await entry.own(a);
      const slots = slotsOf(own, entry.queryStrings ?? []);
      slotCount += slots.length;
      const problems: string[] = [];
      for (const slot of slots) {
        const before = await snapshotTenant(a.tenant.id);
        let wrote = false;
        for (const payload of INJECTION_CORPUS) {
          const request = slot.build(payload.value);
          const label = `${slot.where} ${slot.name} ← ${payload.family}/${payload.name}`;
          const started = Date.now();
          const result = await callRaw(op.handler, tenantRequest(a.tenant.subdomain, request.path, {
            method: op.method, sessionToken: a.users.owner.session, ...(request.json === undefined ? {} : { json: request.json }),
          }), request.params ?? {});
          const elapsed = Date.now() - started;
          sent++;
          if (result.status >= 500) problems.push(`${label}: ${result.status} ${result.text.slice(0, 200)}`);
          if (result.status >= 400) {
            const error = (result.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
            if (typeof error?.code !== "string" || typeof error.message !== "string") problems.push(`${label}: ${result.status} without the JSON error shape`);
          }
          if (elapsed > (SLEEP_SECONDS - 1) * 1000) problems.push(`${label}: took ${elapsed} ms`);
          const leaked = leakedSecret(result.text, b);
          if (leaked) problems.push(`${label}: response contains B's ${leaked}`);
          if (result.status < 300 && op.method !== "GET") {
            wrote = true;
            accepted++;
            const field = slot.name.split(".").at(-1)!;
            const stored = (result.json as Record<string, unknown> | undefined)?.[field];
            if (slot.where === "body" && FREE_TEXT_FIELDS.has(field) && typeof payload.value === "string" && stored !== payload.value.trim()) {
              problems.push(`${label}: accepted but stored as ${JSON.stringify(stored)?.slice(0, 80)}`);
            }
          }
        }
        if (!wrote && (await snapshotTenant(a.tenant.id)) !== before) problems.push(`${slot.where} ${slot.name}: every payload was rejected, yet A's data changed`);
      }
      expect(problems).toEqual([]);
    });
  }

  it("left B untouched", async () => {
    console.info(`injection: ${sent} requests = ${slotCount} string parameters × ${INJECTION_CORPUS.length} payloads over ${operations.length} routes; ${accepted} accepted as data`);
    expect(sent).toBe(slotCount * INJECTION_CORPUS.length);
    expect(await snapshotTenant(b.tenant.id)).toBe(bBefore);
  });
});
