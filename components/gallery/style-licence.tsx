import { getAvatarStyle, type AvatarStyleId } from "@/lib/catalog/styles";

const link =
  "font-medium text-foreground underline decoration-border underline-offset-2 hover:decoration-accent";

/** The attribution a style's licence asks for, shown wherever one of its avatars is offered. */
export function StyleLicence({ styleId }: { styleId: AvatarStyleId }) {
  const style = getAvatarStyle(styleId);
  return (
    <p className="text-xs leading-relaxed text-muted">
      “{style.label}” artwork by {style.creator}, licensed under{" "}
      <a href={style.license.url} target="_blank" rel="noopener noreferrer" className={link}>
        {style.license.name}
      </a>
      .{" "}
      <a href={style.source} target="_blank" rel="noopener noreferrer" className={link}>
        Source
      </a>
      .
    </p>
  );
}
