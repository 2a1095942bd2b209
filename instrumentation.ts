// Next.js calls register() once when a server process starts: the configuration is validated
// there, so a missing or malformed variable stops the server at boot with its name in the error.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getConfig } = await import("./lib/config");
  getConfig();
}
