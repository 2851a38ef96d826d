"use client";

import type { ReactElement } from "react";
import { ResponsiveContainer } from "recharts";

/** A chart as wide as its card and of one height on every screen. */
export function ResponsiveChart({ children }: { children: ReactElement }) {
  return (
    <ResponsiveContainer width="100%" height={240} minWidth={0}>
      {children}
    </ResponsiveContainer>
  );
}
