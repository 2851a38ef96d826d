"use client";

import { useEffect, useRef } from "react";

interface LoadMoreSentinelProps {
  onVisible: () => void;
  /** While a page is loading or has failed, the sentinel stops asking for more. */
  paused: boolean;
}

/**
 * Asks for the next page when the end of the grid comes within ~1.5 screens. The observer is
 * recreated whenever `paused` flips back, and a new observer reports the current intersection
 * right away, so a page that did not fill the screen triggers the next load without a scroll.
 */
export function LoadMoreSentinel({ onVisible, paused }: LoadMoreSentinelProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = ref.current;
    if (paused || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onVisible();
      },
      { rootMargin: "0px 0px 150% 0px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [onVisible, paused]);

  return <div ref={ref} data-testid="gallery-sentinel" aria-hidden className="h-px w-full" />;
}
