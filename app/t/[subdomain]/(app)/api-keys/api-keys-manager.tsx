"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { ApiKeyView } from "@/lib/api-keys/api-key-schemas";

interface Props {
  initialKeys: ApiKeyView[];
  roles: string[];
  canWrite: boolean;
}

async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { error?: { message?: string; details?: { message: string }[] } };
  return body.error?.details?.[0]?.message ?? body.error?.message ?? "The request failed.";
}

export function ApiKeysManager({ initialKeys, roles, canWrite }: Props) {
  const router = useRouter();
  const [newKey, setNewKey] = useState<string>();
  const [error, setError] = useState<string>();

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const response = await fetch("/api/v1/api-keys", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: form.get("name"), role: form.get("role") }),
    });
    if (!response.ok) return setError(await errorMessage(response));
    const created = (await response.json()) as { key: string };
    setNewKey(created.key);
    formElement.reset();
    router.refresh();
  }

  async function revoke(id: string) {
    setError(undefined);
    const response = await fetch(`/api/v1/api-keys/${id}`, { method: "DELETE" });
    if (!response.ok) return setError(await errorMessage(response));
    router.refresh();
  }

  return (
    <div className="mt-6 space-y-6">
      {canWrite ? (
        <form onSubmit={create} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4">
          <label className="flex-1 text-sm">
            <span className="font-medium text-slate-700">Name</span>
            <input name="name" required maxLength={100} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2" />
          </label>
          <label className="text-sm">
            <span className="font-medium text-slate-700">Role</span>
            <select name="role" defaultValue="analyst" className="mt-1 block rounded-md border border-slate-300 px-3 py-2">
              {roles.map((role) => <option key={role} value={role}>{role}</option>)}
            </select>
          </label>
          <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
            Create key
          </button>
        </form>
      ) : null}
      {newKey ? (
        <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
          <p className="font-medium">Copy this key now; it will not be shown again.</p>
          <code className="mt-2 block break-all rounded bg-white p-2" data-testid="new-api-key">{newKey}</code>
        </div>
      ) : null}
      {error ? <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">{error}</p> : null}
      <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
        <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
          <tr><th className="p-3">Name</th><th className="p-3">Key</th><th className="p-3">Role</th><th className="p-3">Last used</th><th className="p-3" /></tr>
        </thead>
        <tbody>
          {initialKeys.length === 0 ? (
            <tr><td colSpan={5} className="p-6 text-center text-slate-500">No API keys yet.</td></tr>
          ) : null}
          {initialKeys.map((key) => (
            <tr key={key.id} className="border-t border-slate-100">
              <td className="p-3">{key.name}</td>
              <td className="p-3 font-mono">{key.prefix}…</td>
              <td className="p-3 capitalize">{key.role}</td>
              <td className="p-3 text-slate-500">{key.lastUsedAt ? new Date(key.lastUsedAt).toLocaleString() : "never"}</td>
              <td className="p-3 text-right">
                {key.revokedAt ? (
                  <span className="text-slate-400">revoked</span>
                ) : canWrite ? (
                  <button type="button" onClick={() => revoke(key.id)} className="text-red-600 hover:underline">Revoke</button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
