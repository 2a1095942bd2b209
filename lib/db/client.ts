import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { getConfig } from "@/lib/config";

// One client per process. Next's dev server re-evaluates modules on every edit, so the instance is
// kept on globalThis there to avoid exhausting PostgreSQL connections.
const globalForPrisma = globalThis as unknown as { roiPrisma?: PrismaClient };

/** The application's Prisma client, connected as the app role (subject to row-level security). */
export function getPrisma(): PrismaClient {
  if (!globalForPrisma.roiPrisma) {
    const adapter = new PrismaPg({ connectionString: getConfig().DATABASE_URL, max: 10 });
    globalForPrisma.roiPrisma = new PrismaClient({ adapter });
  }
  return globalForPrisma.roiPrisma;
}

/** Closes the pool (scripts and tests; the server keeps it for its lifetime). */
export async function disconnectPrisma(): Promise<void> {
  await globalForPrisma.roiPrisma?.$disconnect();
  globalForPrisma.roiPrisma = undefined;
}
