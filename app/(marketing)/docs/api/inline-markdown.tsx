import { Fragment, type ReactNode } from "react";

// The reference's texts use two bits of Markdown: `code` and **bold**. Anything else is plain text.
export function InlineMarkdown({ text }: { text: string }): ReactNode {
  const parts = text.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).filter(Boolean);
  return parts.map((part, index) => {
    if (part.startsWith("`") && part.endsWith("`")) {
      return <code key={index} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">{part.slice(1, -1)}</code>;
    }
    if (part.startsWith("**") && part.endsWith("**")) return <strong key={index}>{part.slice(2, -2)}</strong>;
    return <Fragment key={index}>{part}</Fragment>;
  });
}

/** Paragraphs separated by blank lines. */
export function Paragraphs({ text, className }: { text: string; className?: string }) {
  return text.split(/\n{2,}/).map((paragraph, index) => (
    <p key={index} className={className}>
      <InlineMarkdown text={paragraph} />
    </p>
  ));
}
