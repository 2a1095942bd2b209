// HTML helpers for the hosted pages: escaping, money formatting and one plain layout.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Amounts are integers in the currency's minor unit (cents for USD). */
export function formatAmount(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);
}

export function formatDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #1a1f36; }
  .badge { display: inline-block; font-size: .75rem; padding: .1rem .5rem; border-radius: 1rem; background: #ffe8a3; }
  .card { border: 1px solid #e3e8ee; border-radius: .5rem; padding: 1rem 1.25rem; margin: 1rem 0; }
  table { width: 100%; border-collapse: collapse; } td { padding: .25rem 0; } td.amount { text-align: right; }
  form { display: inline-block; margin: .25rem .5rem .25rem 0; }
  button { font-size: 1rem; padding: .5rem 1rem; border-radius: .375rem; border: 1px solid #c1c9d2; background: #fff; cursor: pointer; }
  button.primary { background: #635bff; border-color: #635bff; color: #fff; }
  input { font-size: 1rem; padding: .4rem; width: 100%; box-sizing: border-box; margin: .25rem 0 .75rem; }
  .notice { background: #e6f4ea; padding: .5rem .75rem; border-radius: .375rem; }
</style>
</head>
<body>
<p><span class="badge">Test mode · local Stripe stand-in</span></p>
${body}
</body>
</html>`;
}
