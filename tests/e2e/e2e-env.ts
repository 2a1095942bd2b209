export const E2E_PORT = 3100;
export const E2E_ROOT_DOMAIN = `roispectrum.localhost:${E2E_PORT}`;
export const E2E_REDIS_URL = "redis://127.0.0.1:6379/2";

/** http://<sub>.roispectrum.localhost:3100 — Chromium resolves *.localhost to loopback itself. */
export function tenantOrigin(subdomain: string): string {
  return `http://${subdomain}.${E2E_ROOT_DOMAIN}`;
}

export const rootOrigin = `http://${E2E_ROOT_DOMAIN}`;
