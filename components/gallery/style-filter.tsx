"use client";

import { Chip } from "@/components/ui/chip";
import { AVATAR_STYLES, type AvatarStyleId } from "@/lib/catalog/styles";

interface StyleFilterProps {
  selected: AvatarStyleId | undefined;
  onSelect: (style: AvatarStyleId | undefined) => void;
}

export function StyleFilter({ selected, onSelect }: StyleFilterProps) {
  return (
    // Phones scroll the chips sideways instead of wrapping them into a tall block above the grid.
    <div
      role="group"
      aria-label="Filter by style"
      className="-mx-4 scrollbar-none flex gap-2 overflow-x-auto px-4 pb-1 sm:mx-0 sm:flex-wrap sm:overflow-visible sm:px-0"
    >
      <Chip
        data-testid="style-chip"
        data-style="all"
        selected={!selected}
        onClick={() => onSelect(undefined)}
      >
        All
      </Chip>
      {AVATAR_STYLES.map((style) => (
        <Chip
          key={style.id}
          data-testid="style-chip"
          data-style={style.id}
          selected={selected === style.id}
          onClick={() => onSelect(selected === style.id ? undefined : style.id)}
        >
          {style.label}
        </Chip>
      ))}
    </div>
  );
}
