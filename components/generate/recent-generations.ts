"use client";

import { useSyncExternalStore } from "react";
import type { GenerationView } from "@/lib/generations/present";

/** One finished generation this browser made, enough to show a thumbnail and fetch it again. */
export interface RecentGeneration {
  id: string;
  prompt: string;
  style: string;
  image: string;
}

const KEY = "likeness:recent-generations";
const LIMIT = 12;
// Same-tab writes do not fire "storage", so this store announces its own changes.
const CHANGE_EVENT = "likeness:recent-generations-changed";
const EMPTY: readonly RecentGeneration[] = [];

function isRecent(value: unknown): value is RecentGeneration {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === "string" &&
    typeof v.prompt === "string" &&
    typeof v.style === "string" &&
    typeof v.image === "string"
  );
}

let cachedRaw: string | null = null;
let cachedList: readonly RecentGeneration[] = EMPTY;

/** Parsed once per change: useSyncExternalStore needs the same array back while nothing changed. */
function read(): readonly RecentGeneration[] {
  let raw: string | null;
  try {
    raw = window.localStorage.getItem(KEY);
  } catch {
    return EMPTY; // storage disabled (private mode, blocked cookies)
  }
  if (raw === cachedRaw) return cachedList;
  cachedRaw = raw;
  try {
    const parsed: unknown = raw === null ? [] : JSON.parse(raw);
    cachedList = Array.isArray(parsed) ? parsed.filter(isRecent).slice(0, LIMIT) : EMPTY;
  } catch {
    cachedList = EMPTY;
  }
  return cachedList;
}

function write(list: readonly RecentGeneration[]): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Full or disabled storage only costs the strip, never the generation itself.
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

export function useRecentGenerations(): readonly RecentGeneration[] {
  return useSyncExternalStore(subscribe, read, () => EMPTY);
}

/** Puts a succeeded generation first (once), keeping the newest dozen. */
export function rememberGeneration(view: GenerationView): void {
  if (view.status !== "succeeded" || !view.images) return;
  const entry: RecentGeneration = {
    id: view.id,
    prompt: view.prompt,
    style: view.style,
    image: view.images.webp["256"] ?? view.images.webp["128"] ?? view.images.png,
  };
  write([entry, ...read().filter((r) => r.id !== view.id)].slice(0, LIMIT));
}

export function forgetRecentGenerations(): void {
  write([]);
}
