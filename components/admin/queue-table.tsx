import type { QueueDepthNow } from "@/lib/admin/dashboard";

const COLUMNS = ["waiting", "active", "delayed", "failed"] as const;

/** Every queue's jobs by state, right now. */
export function QueueTable({ queues }: { queues: QueueDepthNow["queues"] }) {
  return (
    <div className="overflow-x-auto">
      <table data-testid="admin-queue-table" className="w-full text-sm tabular-nums">
        <thead className="text-left text-xs text-muted">
          <tr>
            <th className="py-1.5 pr-3 font-medium">Queue</th>
            {COLUMNS.map((c) => (
              <th key={c} className="py-1.5 pl-3 text-right font-medium">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {queues.map((q) => (
            <tr key={q.queue} data-queue={q.queue}>
              <td className="py-1.5 pr-3 font-mono text-xs">{q.queue}</td>
              {COLUMNS.map((c) => (
                <td
                  key={c}
                  className={`py-1.5 pl-3 text-right ${c === "failed" && q[c] > 0 ? "text-danger" : ""}`}
                >
                  {q[c]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
