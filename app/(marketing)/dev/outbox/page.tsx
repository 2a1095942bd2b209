import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Fragment } from "react";
import { getConfig } from "@/lib/config";
import { isOutboxEnabled, listOutboxMessages } from "@/lib/mail";

// A development tool: the mail the app would have sent, kept in Redis by the outbox transport.
// Production has no outbox (SMTP is required there), and this page does not exist there.
export const metadata: Metadata = { title: "Development outbox", robots: { index: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** The text with its links clickable (as a mail client would show them). */
function Linkified({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_PATTERN).map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part} className="break-all text-indigo-600 underline">{part}</a>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string | string[] }> }) {
  if (getConfig().APP_ENV === "production") notFound();
  const { to } = await searchParams;
  const recipient = typeof to === "string" && to.length <= 255 ? to : undefined;
  const messages = isOutboxEnabled() ? await listOutboxMessages({ to: recipient, limit: 50 }) : [];

  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <h1 className="text-2xl font-bold">Development outbox</h1>
      <p className="mt-1 text-sm text-slate-600">
        {isOutboxEnabled()
          ? "Mail the app sent while no SMTP server is configured (newest first, the last 200 kept). Development only."
          : "SMTP_URL is set, so mail goes to that server and nothing is kept here."}
      </p>
      <form className="mt-4 flex gap-2 text-sm" method="get">
        <label className="flex-1">
          <span className="sr-only">Recipient</span>
          <input name="to" type="email" defaultValue={recipient} placeholder="Filter by recipient" className="w-full rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2">Filter</button>
      </form>
      {messages.length === 0 ? <p className="mt-8 text-center text-sm text-slate-500">No messages.</p> : null}
      <ol className="mt-6 space-y-4">
        {messages.map((message) => (
          <li key={message.id} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="outbox-message">
            <dl className="grid grid-cols-[5rem_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-slate-500">To</dt>
              <dd data-testid="outbox-to">{message.to}</dd>
              <dt className="text-slate-500">From</dt>
              <dd>{message.from}</dd>
              <dt className="text-slate-500">Subject</dt>
              <dd className="font-medium">{message.subject}</dd>
              <dt className="text-slate-500">Sent</dt>
              <dd>{message.sentAt.replace("T", " ").slice(0, 19)} UTC</dd>
            </dl>
            <pre className="mt-3 whitespace-pre-wrap rounded bg-slate-50 p-3 font-sans text-sm" data-testid="outbox-body">
              <Linkified text={message.text} />
            </pre>
          </li>
        ))}
      </ol>
    </main>
  );
}
