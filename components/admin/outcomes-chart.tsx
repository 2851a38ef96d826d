"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { OutcomesPerHour } from "@/lib/admin/generation-stats";
import { ResponsiveChart } from "./responsive-chart";
import {
  AXIS,
  FAILURE_COLORS,
  GRID_CLASS,
  hourLabel,
  hourTitle,
  SUCCESS,
  TOOLTIP,
} from "./chart-style";

/** Generations that ended per hour: succeeded, with each failure code stacked on top. */
export function OutcomesChart({ data }: { data: OutcomesPerHour }) {
  const rows = data.rows.map((r) => ({ hour: r.hour, succeeded: r.succeeded, ...r.failed }));
  return (
    <ResponsiveChart>
      <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} className={GRID_CLASS} />
        <XAxis dataKey="hour" tickFormatter={hourLabel} minTickGap={16} {...AXIS} />
        <YAxis allowDecimals={false} {...AXIS} />
        <Tooltip labelFormatter={(hour) => hourTitle(String(hour))} {...TOOLTIP} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar
          isAnimationActive={false}
          dataKey="succeeded"
          name="succeeded"
          stackId="outcome"
          fill={SUCCESS}
        />
        {data.codes.map((code, i) => (
          <Bar
            key={code}
            isAnimationActive={false}
            dataKey={code}
            name={`failed: ${code}`}
            stackId="outcome"
            fill={FAILURE_COLORS[i % FAILURE_COLORS.length]}
          />
        ))}
      </BarChart>
    </ResponsiveChart>
  );
}
