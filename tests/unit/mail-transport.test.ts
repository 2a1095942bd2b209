import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";
import { createSmtpTransport, smtpOptionsFor } from "@/lib/mail/smtp-transport";

// The production transport against a minimal SMTP server (RFC 5321 subset: EHLO, AUTH PLAIN, MAIL,
// RCPT, DATA, QUIT), so the SMTP path is exercised end to end without a mail server on the machine.

interface Received { auth: string | null; from: string; to: string[]; data: string }

function startSmtpServer(): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((socket: Socket) => {
    let buffer = "";
    let inData = false;
    let current: Received = { auth: null, from: "", to: [], data: "" };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 test.smtp ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { auth: current.auth, from: "", to: [], data: "" };
          reply("250 2.0.0 queued");
          continue;
        }
        const newline = buffer.indexOf("\r\n");
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.split(" ")[0]!.toUpperCase();
        if (verb === "EHLO") reply("250-test.smtp\r\n250 AUTH PLAIN");
        else if (verb === "AUTH") {
          current.auth = Buffer.from(line.split(" ")[2] ?? "", "base64").toString("utf8");
          reply("235 2.7.0 accepted");
        } else if (verb === "MAIL") {
          current.from = line;
          reply("250 ok");
        } else if (verb === "RCPT") {
          current.to.push(line);
          reply("250 ok");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 go ahead");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("250 ok");
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as AddressInfo).port, received })));
}

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => new Promise<void>((resolve) => smtp.server.close(() => resolve())));

describe("the SMTP transport", () => {
  it("authenticates with the URL's credentials and delivers from MAIL_FROM to the recipient", async () => {
    const transport = createSmtpTransport(`smtp://mailer:p%40ss@127.0.0.1:${smtp.port}`, "ROI Spectrum <team@example.com>");
    expect(transport.kind).toBe("smtp");
    await transport.send({ to: "invitee@example.test", subject: "Join Acme on ROI Spectrum", text: "Accept: http://acme.example/invite?token=abc" });
    const [mail] = smtp.received;
    expect(mail!.auth).toBe("\0mailer\0p@ss");
    expect(mail!.from).toContain("<team@example.com>");
    expect(mail!.to).toEqual([expect.stringContaining("<invitee@example.test>")]);
    expect(mail!.data).toContain("Subject: Join Acme on ROI Spectrum");
    expect(mail!.data).toContain("http://acme.example/invite?token=abc");
  });

  it("requires STARTTLS for every host but loopback, and implicit TLS for smtps://", () => {
    expect(smtpOptionsFor("smtp://u:p@smtp.example.com:587")).toMatchObject({ requireTLS: true, secure: false, port: 587 });
    expect(smtpOptionsFor("smtp://u:p@10.0.0.5")).toMatchObject({ requireTLS: true });
    expect(smtpOptionsFor("smtps://u:p@smtp.example.com")).toMatchObject({ secure: true, requireTLS: false, port: 465 });
    expect(smtpOptionsFor("smtp://127.0.0.1:2525")).toMatchObject({ requireTLS: false });
    expect(smtpOptionsFor("smtp://localhost:2525")).toMatchObject({ requireTLS: false });
  });

  it("rejects when the server cannot be reached", async () => {
    const unreachable = createSmtpTransport("smtp://127.0.0.1:1", "team@example.com");
    await expect(unreachable.send({ to: "x@example.test", subject: "s", text: "t" })).rejects.toThrow();
  });
});

describe("mail configuration", () => {
  it("accepts smtp:// and smtps:// URLs and a sender address with or without a name", () => {
    expect(parseConfig({ SMTP_URL: "smtps://u:p@smtp.example.com:465", MAIL_FROM: "ROI Spectrum <team@example.com>" })).toMatchObject({
      SMTP_URL: "smtps://u:p@smtp.example.com:465",
      MAIL_FROM: "ROI Spectrum <team@example.com>",
    });
    expect(parseConfig({ MAIL_FROM: "team@example.com" }).MAIL_FROM).toBe("team@example.com");
  });

  it("names SMTP_URL when it is not an SMTP URL, and MAIL_FROM when it is not an address", () => {
    for (const env of [{ SMTP_URL: "http://smtp.example.com" }, { MAIL_FROM: "not an address" }, { MAIL_FROM: "a@b.c\r\nBcc: x@y.z" }]) {
      expect(() => parseConfig(env)).toThrow(ConfigError);
    }
  });

  it("requires SMTP_URL in production (the development outbox is not a delivery)", () => {
    expect(() => parseConfig({ APP_ENV: "production" })).toThrow(/SMTP_URL: must be set explicitly when APP_ENV=production/);
    expect(parseConfig({}).SMTP_URL).toBeUndefined();
  });
});
