"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { HistoryItem, HistoryPage } from "@/lib/account/types";
import { AccountRequestError, deleteGeneration, fetchHistoryPage, setPrivacy } from "./account-api";
import { ConfirmDialog } from "./confirm-dialog";
import { DANGER_TEXT_BUTTON, StatusPill } from "./controls";
import { LocalDateTime } from "./time";

type Status = { tone: "ok" | "error"; text: string } | null;

const STATUS_LABELS: Record<HistoryItem["status"], string> = {
  queued: "Waiting",
  running: "In progress",
  succeeded: "Done",
  failed: "Failed",
};

function messageOf(error: unknown): string {
  return error instanceof AccountRequestError
    ? error.message
    : "That did not work. Please try again.";
}

/**
 * The user's generations, newest first, 24 at a time: each with its picture, prompt, date and state,
 * a private/public switch, and delete (after a confirmation). Outcomes are announced politely.
 */
export function AccountHistory({ initial }: { initial: HistoryPage }) {
  const [items, setItems] = useState(initial.data);
  const [cursor, setCursor] = useState(initial.next_cursor);
  const [loadingMore, setLoadingMore] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const [toggling, setToggling] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<HistoryItem | null>(null);
  const [deleting, setDeleting] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  async function loadMore() {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await fetchHistoryPage(cursor);
      // A request made (or deleted) meanwhile could shift the pages: never show one twice.
      setItems((current) => {
        const seen = new Set(current.map((i) => i.id));
        return [...current, ...page.data.filter((i) => !seen.has(i.id))];
      });
      setCursor(page.next_cursor);
      setStatus({ tone: "ok", text: `Loaded ${page.data.length} more.` });
    } catch (error) {
      setStatus({ tone: "error", text: messageOf(error) });
    } finally {
      setLoadingMore(false);
    }
  }

  async function toggle(item: HistoryItem) {
    setToggling(item.id);
    try {
      const updated = await setPrivacy(item.id, !item.private);
      setItems((current) => current.map((i) => (i.id === updated.id ? updated : i)));
      setStatus({
        tone: "ok",
        text: updated.private
          ? "Made private: it is kept out of public listings."
          : "Made public: it may be shown in public listings.",
      });
    } catch (error) {
      setStatus({ tone: "error", text: messageOf(error) });
    } finally {
      setToggling(null);
    }
  }

  async function confirmDelete() {
    if (!confirming) return;
    setDeleting(true);
    try {
      const result = await deleteGeneration(confirming.id);
      setItems((current) => current.filter((i) => i.id !== confirming.id));
      setStatus({
        tone: "ok",
        text: result.removed
          ? "Deleted. The image is removed from storage."
          : "Deleted from your history. The image stays in storage because someone else also made it.",
      });
      setConfirming(null);
      // The button that opened the dialog is gone: put focus somewhere that still exists.
      headingRef.current?.focus();
    } catch (error) {
      setStatus({ tone: "error", text: messageOf(error) });
      setConfirming(null);
    } finally {
      setDeleting(false);
    }
  }

  return (
    <section
      id="history"
      data-testid="account-history"
      aria-labelledby="account-history-title"
      className="space-y-4"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2
          id="account-history-title"
          ref={headingRef}
          tabIndex={-1}
          className="text-xl font-semibold tracking-tight focus:outline-none"
        >
          Your generations
        </h2>
        <p className="text-sm text-muted">Made while signed in, here or with your API keys.</p>
      </div>
      <p
        data-testid="account-history-status"
        aria-live="polite"
        className={`min-h-5 text-sm ${status?.tone === "error" ? "text-danger" : "text-muted"}`}
      >
        {status?.text}
      </p>

      {items.length === 0 ? (
        <div
          data-testid="account-history-empty"
          className="rounded-3xl border border-dashed border-border px-6 py-10 text-center"
        >
          <p className="font-medium">No generations yet</p>
          <p className="mt-1 text-sm text-muted">
            Avatars you generate while signed in are kept here, so you can find them again.
          </p>
          <Link href="/generate" className={`${buttonClasses("primary")} mt-4`}>
            Generate an avatar
          </Link>
        </div>
      ) : (
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {items.map((item) => (
            <HistoryCard
              key={item.id}
              item={item}
              toggling={toggling === item.id}
              onToggle={() => void toggle(item)}
              onDelete={() => setConfirming(item)}
            />
          ))}
        </ul>
      )}

      {cursor && (
        <div className="flex justify-center">
          <Button
            variant="secondary"
            data-testid="account-load-more"
            onClick={() => void loadMore()}
            disabled={loadingMore}
          >
            {loadingMore && <Spinner />}
            {loadingMore ? "Loading…" : "Load more"}
          </Button>
        </div>
      )}

      <ConfirmDialog
        open={confirming !== null}
        title="Delete this generation?"
        confirmLabel="Delete"
        busy={deleting}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setConfirming(null)}
      >
        {confirming && <p className="line-clamp-3 text-foreground">“{confirming.prompt}”</p>}
        <p>
          It disappears from your history. The image is removed from storage unless someone else
          also made it. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function HistoryCard({
  item,
  toggling,
  onToggle,
  onDelete,
}: {
  item: HistoryItem;
  toggling: boolean;
  onToggle: () => void;
  onDelete: () => void;
}) {
  const switchId = `private-${item.id}`;
  return (
    <li
      data-testid="account-history-item"
      data-request-id={item.id}
      data-status={item.status}
      data-private={item.private}
      className="flex flex-col gap-3 rounded-3xl border border-border bg-surface p-3"
    >
      <div className="flex min-w-0 gap-3">
        <Thumbnail item={item} />
        <div className="min-w-0 flex-1 space-y-1">
          <p className="line-clamp-2 text-sm font-medium break-words" title={item.prompt}>
            {item.prompt}
          </p>
          <p className="text-xs text-muted">
            <LocalDateTime at={item.created_at} />
          </p>
          <div className="flex flex-wrap items-center gap-1.5 text-xs text-muted">
            {item.status !== "succeeded" && (
              <StatusPill tone={item.status === "failed" ? "bad" : "busy"}>
                {STATUS_LABELS[item.status]}
              </StatusPill>
            )}
            <span className="tabular-nums">
              {item.width} × {item.height}
            </span>
            <span aria-hidden>·</span>
            <span>{item.style}</span>
          </div>
        </div>
      </div>
      <div className="mt-auto flex items-center justify-between gap-2 border-t border-border pt-3">
        <div className="flex items-center gap-2">
          <button
            id={switchId}
            type="button"
            role="switch"
            aria-checked={item.private}
            aria-busy={toggling || undefined}
            data-testid="account-private-toggle"
            disabled={toggling}
            onClick={onToggle}
            className={`relative inline-flex h-6 w-10 shrink-0 items-center rounded-full border transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:opacity-60 ${
              item.private ? "border-accent bg-accent" : "border-border bg-surface-2"
            }`}
          >
            <span
              aria-hidden
              className={`inline-block size-4 rounded-full bg-white shadow transition-transform ${
                item.private ? "translate-x-5" : "translate-x-1"
              }`}
            />
          </button>
          <label htmlFor={switchId} className="cursor-pointer text-sm">
            Private
          </label>
        </div>
        <button
          type="button"
          data-testid="account-delete"
          onClick={onDelete}
          aria-label={`Delete “${item.prompt.slice(0, 60)}”`}
          className={DANGER_TEXT_BUTTON}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

function Thumbnail({ item }: { item: HistoryItem }) {
  const box = "size-20 shrink-0 overflow-hidden rounded-2xl border border-border bg-surface-2";
  if (!item.thumbnail_url) {
    return (
      <div aria-hidden className={`${box} grid place-items-center text-xs text-muted`}>
        {item.status === "failed" ? "✕" : <Spinner />}
      </div>
    );
  }
  const img = (
    <img
      src={item.thumbnail_url}
      alt=""
      width={256}
      height={256}
      loading="lazy"
      decoding="async"
      className="size-full object-cover"
    />
  );
  return item.image_url ? (
    <a
      href={item.image_url}
      target="_blank"
      rel="noopener"
      aria-label={`Open the full-size image: ${item.prompt.slice(0, 80)}`}
      className={`${box} block focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent`}
    >
      {img}
    </a>
  ) : (
    <div className={box}>{img}</div>
  );
}
