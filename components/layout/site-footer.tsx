import Link from "next/link";
import { Badge } from "@/components/ui/badge";

interface SiteFooterProps {
  /** Server-side `env().localGeneratorOnly`, passed in so this component never reads the env itself. */
  localGeneratorOnly: boolean;
}

export function SiteFooter({ localGeneratorOnly }: SiteFooterProps) {
  return (
    <footer className="mt-16 border-t border-border">
      <div className="mx-auto flex max-w-7xl flex-col gap-3 px-4 py-8 text-sm text-muted sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>
          © Likeness. Avatar artwork belongs to its creators;{" "}
          <Link
            href="/gallery#credits"
            className="underline underline-offset-2 hover:text-foreground"
          >
            see credits and licences
          </Link>
          .{" "}
          <Link
            href="/docs"
            data-testid="footer-api-docs"
            className="underline underline-offset-2 hover:text-foreground"
          >
            API docs
          </Link>
        </p>
        {localGeneratorOnly && (
          <Badge className="self-start sm:self-auto">
            <span aria-hidden className="size-1.5 rounded-full bg-amber-500" />
            Images made by the built-in local generator (no cloud provider keys set)
          </Badge>
        )}
      </div>
    </footer>
  );
}
