"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { requestJson } from "./api-client";

interface ListPage<T> {
  data: T[];
  nextCursor: string | null;
}

export interface ApiList<T> {
  items: T[];
  isLoading: boolean;
  error: string | undefined;
  hasMore: boolean;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
}

/** A cursor-paginated API list: the first page on mount, more on demand, reload after writes. */
export function useApiList<T>(url: string): ApiList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [isLoading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  // A reload while a page is in flight must win over that page's late answer.
  const generation = useRef(0);

  const load = useCallback(
    async (cursor: string | null) => {
      const current = cursor ? generation.current : ++generation.current;
      setLoading(true);
      const separator = url.includes("?") ? "&" : "?";
      const result = await requestJson<ListPage<T>>(cursor ? `${url}${separator}cursor=${encodeURIComponent(cursor)}` : url);
      if (current !== generation.current) return;
      setLoading(false);
      if (!result.ok) return setError(result.message);
      setError(undefined);
      setItems((previous) => (cursor ? [...previous, ...result.data.data] : result.data.data));
      setNextCursor(result.data.nextCursor);
    },
    [url],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  return {
    items,
    isLoading,
    error,
    hasMore: nextCursor !== null,
    reload: useCallback(() => load(null), [load]),
    loadMore: () => (nextCursor ? load(nextCursor) : Promise.resolve()),
  };
}
