"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { CachePerHour } from "@/lib/admin/generation-stats";
import { ResponsiveChart } from "./responsive-chart";
import { AXIS, GRID_CLASS, hourLabel, hourTitle, MUTED_BAR, SUCCESS, TOOLTIP } from "./chart-style";

/** Requests per hour, answered from the cache (free) or charged and generated. */
export function CacheChart({ data }: { data: CachePerHour }) {
  return (
    <ResponsiveChart>
      <BarChart data={data.rows} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} className={GRID_CLASS} />
        <XAxis dataKey="hour" tickFormatter={hourLabel} minTickGap={16} {...AXIS} />
        <YAxis allowDecimals={false} {...AXIS} />
        <Tooltip
          labelFormatter={(hour) => hourTitle(String(hour))}
          formatter={(value, name, item) => {
            const row = item.payload as { hits: number; misses: number };
            const total = row.hits + row.misses;
            const share = total > 0 ? ` (${Math.round((Number(value) / total) * 100)}%)` : "";
            return [`${String(value)}${share}`, name];
          }}
          {...TOOLTIP}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar
          isAnimationActive={false}
          dataKey="hits"
          name="cache hits"
          stackId="requests"
          fill={SUCCESS}
        />
        <Bar
          isAnimationActive={false}
          dataKey="misses"
          name="generated"
          stackId="requests"
          fill={MUTED_BAR}
        />
      </BarChart>
    </ResponsiveChart>
  );
}
