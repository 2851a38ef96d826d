-- A budget's alerts fire once per period *and limit*: an operator who raises (or lowers) a budget
-- mid-period is told again at 50, 80 and 100% of the new figure, and the admin page's banner shows
-- only the alerts of the limit in force (lib/spend/alerts.ts).
alter table public.budget_alerts
  drop constraint budget_alerts_budget_id_period_start_threshold_key,
  add constraint budget_alerts_once unique (budget_id, period_start, threshold, limit_usd);
comment on table public.budget_alerts is
  'Budget alerts, at most one per budget, period, threshold (50, 80, 100% of the budget) and limit: changing a budget re-arms its alerts. Each is logged, shown on the admin page while its limit is in force, and sent to ALERT_WEBHOOK_URL. RLS on with no policies: only the server reads it.';
