"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { QueueDepthNow } from "@/lib/admin/dashboard";
import { ResponsiveChart } from "./responsive-chart";
import { AXIS, GRID_CLASS, SUCCESS, TOOLTIP } from "./chart-style";

/** Generation jobs waiting right now in each lane, highest priority first. */
export function QueueDepthChart({ data }: { data: QueueDepthNow }) {
  return (
    <ResponsiveChart>
      <BarChart
        data={data.lanes}
        layout="vertical"
        margin={{ top: 4, right: 16, bottom: 0, left: 8 }}
      >
        <CartesianGrid horizontal={false} className={GRID_CLASS} />
        <XAxis type="number" allowDecimals={false} {...AXIS} />
        <YAxis type="category" dataKey="lane" width={80} {...AXIS} />
        <Tooltip {...TOOLTIP} />
        <Bar
          isAnimationActive={false}
          dataKey="waiting"
          name="waiting"
          fill={SUCCESS}
          radius={[0, 6, 6, 0]}
        />
      </BarChart>
    </ResponsiveChart>
  );
}
