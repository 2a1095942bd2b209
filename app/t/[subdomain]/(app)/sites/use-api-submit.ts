"use client";

import { useState } from "react";
import { requestJson } from "./api-client";

interface SubmitState {
  isSubmitting: boolean;
  error?: string;
  fieldErrors: Record<string, string>;
}

/**
 * One form's write to the API. Field errors for inputs the form has are shown next to them; any other
 * field the API names (say siteId) goes into the form's message, so no rejection is silent.
 */
export function useApiSubmit(formFields: readonly string[]) {
  const [state, setState] = useState<SubmitState>({ isSubmitting: false, fieldErrors: {} });

  async function submit<T>(url: string, method: "POST" | "PATCH" | "DELETE", body?: unknown): Promise<T | undefined> {
    setState({ isSubmitting: true, fieldErrors: {} });
    const result = await requestJson<T>(url, { method, body });
    if (result.ok) {
      setState({ isSubmitting: false, fieldErrors: {} });
      return result.data;
    }
    const shown = Object.fromEntries(Object.entries(result.fieldErrors).filter(([field]) => formFields.includes(field)));
    const others = Object.entries(result.fieldErrors).filter(([field]) => !formFields.includes(field));
    const error = others.length ? `${result.message} ${others.map(([field, message]) => `${field}: ${message}`).join(" ")}` : result.message;
    setState({ isSubmitting: false, error, fieldErrors: shown });
    return undefined;
  }

  return { ...state, submit };
}
