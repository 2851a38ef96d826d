"use client";

import { useCallback, useEffect, useState } from "react";
import type { LimitsView } from "@/lib/account/types";
import { fetchLimits } from "./generation-api";

/**
 * The visitor's tier and today's usage (GET /api/v1/me/limits), read on mount and again whenever
 * `refresh` is called (after each request, so "7 left" counts down). The last good answer stays on
 * show when a refresh fails.
 */
export function useTierLimits(): { limits: LimitsView | null; refresh: () => void } {
  const [limits, setLimits] = useState<LimitsView | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    void fetchLimits(controller.signal).then((view) => {
      if (view && !controller.signal.aborted) setLimits(view);
    });
    return () => controller.abort();
  }, [version]);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  return { limits, refresh };
}
