"use client";

import { Cell, Legend, Pie, PieChart, Tooltip } from "recharts";
import type { ProviderShare } from "@/lib/admin/generation-stats";
import { ResponsiveChart } from "./responsive-chart";
import { SERIES_COLORS, TOOLTIP } from "./chart-style";

/** Which provider made the generations that succeeded. */
export function ProviderShareChart({ data }: { data: ProviderShare }) {
  return (
    <ResponsiveChart>
      <PieChart>
        <Pie
          data={data.providers}
          isAnimationActive={false}
          dataKey="generations"
          nameKey="provider"
          innerRadius="55%"
          outerRadius="85%"
          paddingAngle={data.providers.length > 1 ? 2 : 0}
          stroke={data.providers.length > 1 ? "var(--surface)" : "none"}
        >
          {data.providers.map((p, i) => (
            <Cell key={p.provider} fill={SERIES_COLORS[i % SERIES_COLORS.length]} />
          ))}
        </Pie>
        <Tooltip {...TOOLTIP} cursor={false} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
      </PieChart>
    </ResponsiveChart>
  );
}
