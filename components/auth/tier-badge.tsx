import { Badge } from "@/components/ui/badge";
import type { TierId } from "@/lib/auth/types";

const LABELS: Record<TierId, string> = {
  anonymous: "Guest",
  free: "Free",
  premium: "Premium",
  enterprise: "Enterprise",
};

export function TierBadge({ tier }: { tier: TierId }) {
  return (
    <Badge tone={tier === "free" || tier === "anonymous" ? "neutral" : "accent"}>
      <span data-testid="tier-badge">{LABELS[tier]}</span>
    </Badge>
  );
}
