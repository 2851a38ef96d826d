"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { SpendThisMonth } from "@/lib/admin/spend-stats";
import { ResponsiveChart } from "./responsive-chart";
import { AXIS, FAILURE_COLORS, GRID_CLASS, SERIES_COLORS, TOOLTIP, usd } from "./chart-style";

/**
 * Spend per day this month, stacked by provider (left axis), and the month's running total against
 * the monthly budget and its hard cap (right axis).
 */
export function SpendChart({ data }: { data: SpendThisMonth }) {
  const rows = data.days.map((d) => ({ day: d.day, cumulative: d.cumulative, ...d.byProvider }));
  const top = Math.max(data.totalUsd, data.budget?.hardCapUsd ?? 0) * 1.05;
  return (
    <ResponsiveChart>
      <ComposedChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: -8 }}>
        <CartesianGrid vertical={false} className={GRID_CLASS} />
        <XAxis dataKey="day" tickFormatter={(d: string) => String(Number(d.slice(8)))} {...AXIS} />
        <YAxis yAxisId="day" tickFormatter={usd} {...AXIS} />
        <YAxis
          yAxisId="month"
          orientation="right"
          domain={[0, top]}
          tickFormatter={usd}
          {...AXIS}
        />
        <Tooltip
          labelFormatter={(day) => String(day)}
          formatter={(value, name) => [usd(Number(value)), name]}
          {...TOOLTIP}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {data.providers.map((provider, i) => (
          <Bar
            key={provider}
            yAxisId="day"
            isAnimationActive={false}
            dataKey={provider}
            name={provider}
            stackId="spend"
            fill={SERIES_COLORS[i % SERIES_COLORS.length]}
          />
        ))}
        <Line
          yAxisId="month"
          isAnimationActive={false}
          dataKey="cumulative"
          name="month so far"
          stroke="var(--foreground)"
          dot={false}
        />
        {data.budget && (
          <ReferenceLine
            yAxisId="month"
            y={data.budget.limitUsd}
            stroke={FAILURE_COLORS[2]}
            strokeDasharray="6 4"
            label={{ value: "budget", position: "insideTopLeft", className: "fill-muted text-xs" }}
          />
        )}
        {data.budget && (
          <ReferenceLine
            yAxisId="month"
            y={data.budget.hardCapUsd}
            stroke={FAILURE_COLORS[0]}
            strokeDasharray="2 4"
            label={{
              value: "hard cap",
              position: "insideTopLeft",
              className: "fill-muted text-xs",
            }}
          />
        )}
      </ComposedChart>
    </ResponsiveChart>
  );
}
