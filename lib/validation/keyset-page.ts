import { AppError } from "@/lib/errors";

// Keyset pagination, newest first, on (createdAt, id): stable under concurrent inserts, and served by
// the (tenant_id, created_at, id) index of every listed table.

interface Keyed {
  id: string;
  createdAt: Date;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

interface KeysetArgs {
  orderBy: [{ createdAt: "desc" }, { id: "desc" }];
  take: number;
  where: { OR?: [{ createdAt: { lt: Date } }, { createdAt: Date; id: { lt: string } }] };
}

/** Prisma arguments for one page after `cursor`. */
export function keysetArgs(cursor: string | undefined, limit: number): KeysetArgs {
  const orderBy: KeysetArgs["orderBy"] = [{ createdAt: "desc" }, { id: "desc" }];
  if (!cursor) return { orderBy, take: limit + 1, where: {} };
  const [stamp, id] = decodeCursor(cursor);
  const createdAt = new Date(stamp);
  return {
    orderBy,
    take: limit + 1,
    where: { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] },
  };
}

/** The page of views and the cursor of the next one. */
export function toPage<R extends Keyed, V>(rows: R[], limit: number, view: (row: R) => V): Page<V> {
  const hasMore = rows.length > limit;
  const slice = hasMore ? rows.slice(0, limit) : rows;
  const last = slice.at(-1);
  return { data: slice.map(view), nextCursor: hasMore && last ? encodeCursor(last) : null };
}

function encodeCursor(row: Keyed): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): [string, string] {
  const [stamp, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const isValid = stamp && id && !Number.isNaN(Date.parse(stamp)) && /^[0-9a-f-]{36}$/.test(id);
  if (!isValid) throw new AppError("validation_failed", "Invalid cursor.", [{ field: "cursor", message: "Not a cursor from this API." }]);
  return [stamp, id];
}
