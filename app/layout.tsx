import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "ROI Spectrum", template: "%s · ROI Spectrum" },
  description: "Prove what SEO earns: costs, traffic, conversions, revenue and ROI for every site you work on.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: Next.js stamps the request's CSP nonce (set by middleware.ts)
  // on its scripts while rendering, and a page prerendered at build time would carry none, so the
  // browser would block its scripts.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
