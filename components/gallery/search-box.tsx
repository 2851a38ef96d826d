"use client";

import { useEffect, useRef, useState } from "react";
import { Spinner } from "@/components/ui/spinner";
import { MAX_QUERY_LENGTH } from "./gallery-url";

const DEBOUNCE_MS = 250;

interface SearchBoxProps {
  /** The query in the URL when this box mounted; the owner remounts the box to reset it. */
  defaultValue: string;
  onSearch: (q: string) => void;
  pending: boolean;
}

/**
 * Search input that keeps its own draft and reports it after a pause in typing. It is not
 * controlled by the URL: the URL lags the keyboard by a server round trip, and feeding it back
 * would eat the characters typed meanwhile.
 */
export function SearchBox({ defaultValue, onSearch, pending }: SearchBoxProps) {
  const [draft, setDraft] = useState(defaultValue);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  function commit(value: string, delay: number) {
    clearTimeout(timer.current);
    if (delay === 0) onSearch(value.trim());
    else timer.current = setTimeout(() => onSearch(value.trim()), delay);
  }

  return (
    <form
      role="search"
      className="relative w-full sm:max-w-sm"
      onSubmit={(event) => {
        event.preventDefault();
        commit(draft, 0);
      }}
    >
      <svg
        aria-hidden
        viewBox="0 0 20 20"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        className="pointer-events-none absolute top-1/2 left-3.5 size-4 -translate-y-1/2 text-muted"
      >
        <circle cx="9" cy="9" r="6" />
        <path d="m14 14 4 4" strokeLinecap="round" />
      </svg>
      <input
        type="search"
        aria-label="Search avatars"
        placeholder="Search by tag or description…"
        autoComplete="off"
        spellCheck={false}
        maxLength={MAX_QUERY_LENGTH}
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
          commit(event.target.value, DEBOUNCE_MS);
        }}
        onKeyDown={(event) => {
          if (event.key !== "Escape" || draft === "") return;
          event.preventDefault();
          setDraft("");
          commit("", 0);
        }}
        className="h-11 w-full rounded-full border border-border bg-surface pr-10 pl-10 text-base shadow-xs transition outline-none placeholder:text-muted focus:border-accent focus:ring-4 focus:ring-accent/15 sm:text-sm [&::-webkit-search-cancel-button]:hidden"
      />
      {pending && (
        <Spinner
          label="Searching"
          className="absolute top-1/2 right-4 -translate-y-1/2 text-accent"
        />
      )}
    </form>
  );
}
