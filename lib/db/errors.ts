/** True for PostgreSQL unique violations (23505), however Prisma's driver adapter wraps them. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const record = current as Record<string, unknown>;
    const code = record.code;
    const isMatch =
      code === "P2002" || code === "23505" ||
      (record.kind === "UniqueConstraintViolation");
    if (isMatch) {
      if (!constraint) return true;
      return JSON.stringify(record).includes(constraint) || String(record.message ?? "").includes(constraint);
    }
    current = record.cause ?? record.meta ?? undefined;
  }
  return false;
}
