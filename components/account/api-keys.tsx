"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { formatCount } from "@/lib/account/format";
import type { ApiKeyView, CreatedApiKeyView, RotatedWebhookSecretView } from "@/lib/account/types";
import {
  AccountRequestError,
  createApiKey,
  revokeApiKey,
  rotateWebhookSecret,
} from "./account-api";
import { ConfirmDialog } from "./confirm-dialog";
import { DANGER_TEXT_BUTTON, StatusPill, TEXT_BUTTON } from "./controls";
import { LocalDateTime, useNow } from "./time";

const control =
  "block h-10 w-full rounded-xl border border-border bg-surface px-3 text-base shadow-xs focus:outline-2 focus:outline-offset-2 focus:outline-accent sm:text-sm";

const STATUS: Record<ApiKeyView["status"], { tone: "ok" | "bad" | "off"; label: string }> = {
  active: { tone: "ok", label: "Active" },
  revoked: { tone: "bad", label: "Revoked" },
  expired: { tone: "off", label: "Expired" },
};

/** The end of the chosen day in the viewer's zone, as the API wants it (ISO 8601 with offset). */
function endOfLocalDay(date: string): string | null {
  if (!date) return null;
  const end = new Date(`${date}T23:59:59`);
  return Number.isNaN(end.getTime()) ? null : end.toISOString();
}

function tomorrow(now: number): string {
  const d = new Date(now + 24 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The enterprise user's API keys: the list (never the secrets), a form for a new one whose secret is
 * shown this once with a copy button, and revoke behind a confirmation.
 */
export function ApiKeys({ initial }: { initial: ApiKeyView[] }) {
  const [keys, setKeys] = useState(initial);
  const [created, setCreated] = useState<CreatedApiKeyView | null>(null);
  const [status, setStatus] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const [rotating, setRotating] = useState<ApiKeyView | null>(null);
  const [rotated, setRotated] = useState<(RotatedWebhookSecretView & { name: string }) | null>(
    null,
  );
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  async function revoke() {
    if (!revoking) return;
    setBusy(true);
    try {
      const updated = await revokeApiKey(revoking.id);
      setKeys((current) => current.map((k) => (k.id === updated.id ? updated : k)));
      setStatus({
        tone: "ok",
        text: `Revoked “${updated.name}”. Requests with it are refused from now on.`,
      });
      setRevoking(null);
      headingRef.current?.focus();
    } catch (error) {
      setStatus({
        tone: "error",
        text: error instanceof AccountRequestError ? error.message : "Revoking failed.",
      });
      setRevoking(null);
    } finally {
      setBusy(false);
    }
  }

  async function rotate() {
    if (!rotating) return;
    setBusy(true);
    try {
      const result = await rotateWebhookSecret(rotating.id);
      setRotated({ ...result, name: rotating.name });
      setStatus(null);
      setRotating(null);
    } catch (error) {
      setStatus({
        tone: "error",
        text:
          error instanceof AccountRequestError ? error.message : "The secret could not be rotated.",
      });
      setRotating(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section
      id="api-keys"
      data-testid="account-keys"
      aria-labelledby="account-keys-title"
      className="space-y-4"
    >
      <div className="space-y-1">
        <h2
          id="account-keys-title"
          ref={headingRef}
          tabIndex={-1}
          className="text-xl font-semibold tracking-tight focus:outline-none"
        >
          API keys
        </h2>
        <p className="text-sm text-muted">
          Send a key as <code className="font-mono text-xs">Authorization: Bearer lk_live_…</code>.
          Every key draws on your account’s daily quota (shared with your own use here); give a key
          a lower daily limit of its own to keep one app from spending it all. Its generations show
          up in your history.
        </p>
        <p className="text-sm text-muted">
          What a key makes is private (only your account can read it, and it stays out of the feed)
          unless the request says <code className="font-mono text-xs">private: false</code>.
        </p>
      </div>

      <CreateKeyForm
        onCreated={(key) => {
          setCreated(key);
          setKeys((current) => [key, ...current.filter((k) => k.id !== key.id)]);
          setStatus(null);
        }}
      />
      {created && <NewKey created={created} onDone={() => setCreated(null)} />}
      {rotated && <NewWebhookSecret rotated={rotated} onDone={() => setRotated(null)} />}

      <p
        data-testid="account-keys-status"
        aria-live="polite"
        className={`min-h-5 text-sm ${status?.tone === "error" ? "text-danger" : "text-muted"}`}
      >
        {status?.text}
      </p>

      {keys.length === 0 ? (
        <p className="rounded-3xl border border-dashed border-border px-6 py-8 text-center text-sm text-muted">
          No keys yet. Create one above for each app or environment, so you can revoke one alone.
        </p>
      ) : (
        <ul className="space-y-3">
          {keys.map((key) => (
            <li
              key={key.id}
              data-testid="account-key"
              data-key-id={key.id}
              data-status={key.status}
              className="flex flex-col gap-3 rounded-3xl border border-border bg-surface p-4 sm:flex-row sm:items-center"
            >
              <div className="min-w-0 flex-1 space-y-2">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium break-all">{key.name}</span>
                  <code className="rounded-md bg-surface-2 px-1.5 py-0.5 font-mono text-xs">
                    {key.prefix}…
                  </code>
                  <StatusPill tone={STATUS[key.status].tone}>{STATUS[key.status].label}</StatusPill>
                </div>
                <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-5">
                  <div>
                    <dt className="text-muted">Created</dt>
                    <dd>
                      <LocalDateTime at={key.created_at} />
                    </dd>
                  </div>
                  <div>
                    <dt className="text-muted">Last used</dt>
                    <dd>{key.last_used_at ? <LocalDateTime at={key.last_used_at} /> : "Never"}</dd>
                  </div>
                  <div>
                    <dt className="text-muted">Expires</dt>
                    <dd>{key.expires_at ? <LocalDateTime at={key.expires_at} /> : "Never"}</dd>
                  </div>
                  <div>
                    <dt className="text-muted">Used today</dt>
                    <dd className="tabular-nums" data-testid="account-key-used">
                      {formatCount(key.used_today)}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-muted">Daily limit</dt>
                    <dd className="tabular-nums" data-testid="account-key-limit">
                      {key.daily_limit === null ? "Account’s" : formatCount(key.daily_limit)}
                    </dd>
                  </div>
                </dl>
              </div>
              {key.status !== "revoked" && (
                <div className="flex flex-wrap gap-2 self-start sm:self-center">
                  <button
                    type="button"
                    data-testid="account-key-rotate-secret"
                    aria-label={`Rotate the webhook signing secret of ${key.name}`}
                    onClick={() => setRotating(key)}
                    className={TEXT_BUTTON}
                  >
                    Rotate webhook secret
                  </button>
                  <button
                    type="button"
                    data-testid="account-key-revoke"
                    aria-label={`Revoke ${key.name}`}
                    onClick={() => setRevoking(key)}
                    className={DANGER_TEXT_BUTTON}
                  >
                    Revoke
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}

      <ConfirmDialog
        open={rotating !== null}
        title={`Rotate the webhook secret of “${rotating?.name ?? ""}”?`}
        confirmLabel="Rotate secret"
        busy={busy}
        onConfirm={() => void rotate()}
        onCancel={() => setRotating(null)}
      >
        <p>
          A new signing secret is made and shown once. For the next 24 hours every webhook is signed
          with both the new and the old secret, so you can switch your receiver over; after that,
          only with the new one.
        </p>
      </ConfirmDialog>

      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke key"
        busy={busy}
        onConfirm={() => void revoke()}
        onCancel={() => setRevoking(null)}
      >
        <p>
          Every request that uses this key is refused from now on, and it cannot be turned back on.
          Apps that use it need a new key.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: CreatedApiKeyView) => void }) {
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("");
  const [limit, setLimit] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const now = useNow();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setError("Give the key a name, like “production” or “CI”.");
      return;
    }
    const dailyLimit = limit.trim() === "" ? null : Number(limit);
    if (dailyLimit !== null && !(Number.isInteger(dailyLimit) && dailyLimit >= 1)) {
      setError("The daily limit is a whole number from 1, or empty for the account’s quota.");
      return;
    }
    setPending(true);
    setError(null);
    try {
      const key = await createApiKey({
        name: name.trim(),
        expires_at: endOfLocalDay(expiry),
        daily_limit: dailyLimit,
      });
      setName("");
      setExpiry("");
      setLimit("");
      onCreated(key);
    } catch (e) {
      setError(e instanceof AccountRequestError ? e.message : "The key could not be created.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      noValidate
      aria-label="Create an API key"
      onSubmit={(event) => void submit(event)}
      className="grid gap-3 rounded-3xl border border-border bg-surface p-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-end"
    >
      <div className="space-y-1.5">
        <label htmlFor="account-key-name" className="text-sm font-medium">
          Name
        </label>
        <input
          id="account-key-name"
          data-testid="account-key-name"
          value={name}
          maxLength={100}
          onChange={(event) => setName(event.target.value)}
          placeholder="e.g. production"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "account-key-error" : undefined}
          className={control}
        />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="account-key-expiry" className="text-sm font-medium">
          Expires <span className="font-normal text-muted">(optional)</span>
        </label>
        <input
          id="account-key-expiry"
          data-testid="account-key-expiry"
          type="date"
          min={now === null ? undefined : tomorrow(now)}
          value={expiry}
          onChange={(event) => setExpiry(event.target.value)}
          className={control}
        />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="account-key-limit" className="text-sm font-medium">
          Daily limit <span className="font-normal text-muted">(optional)</span>
        </label>
        <input
          id="account-key-limit"
          data-testid="account-key-daily-limit"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={limit}
          onChange={(event) => setLimit(event.target.value)}
          placeholder="Account’s"
          className={control}
        />
      </div>
      <Button type="submit" data-testid="account-key-create" disabled={pending} className="h-10">
        {pending && <Spinner />}
        Create key
      </Button>
      {error && (
        <p
          id="account-key-error"
          role="alert"
          className="text-sm text-danger sm:col-span-4"
          data-testid="account-key-error"
        >
          {error}
        </p>
      )}
    </form>
  );
}

function NewKey({ created, onDone }: { created: CreatedApiKeyView; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, [created.id]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied("yes");
    } catch {
      // No clipboard permission (or an insecure origin): select it, so Ctrl+C does the rest.
      inputRef.current?.select();
      setCopied("failed");
    }
  }

  return (
    <div
      data-testid="account-new-key"
      className="space-y-3 rounded-3xl border border-accent/40 bg-accent-soft p-4 sm:p-5"
    >
      <h3
        ref={headingRef}
        tabIndex={-1}
        className="font-semibold text-foreground focus:outline-none"
      >
        Your new key “{created.name}”
      </h3>
      <p className="text-sm">
        <strong>Copy it now: you won’t see it again.</strong> We keep only a fingerprint of it, so
        nobody (us included) can show it to you later. If you lose it, revoke it and create another.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <label htmlFor="account-new-key-value" className="sr-only">
          API key
        </label>
        <input
          id="account-new-key-value"
          ref={inputRef}
          data-testid="account-new-key-value"
          readOnly
          value={created.key}
          onFocus={(event) => event.currentTarget.select()}
          className={`${control} font-mono`}
        />
        <Button data-testid="account-new-key-copy" onClick={() => void copy()} className="shrink-0">
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
        <Button variant="secondary" onClick={onDone} className="shrink-0">
          Done
        </Button>
      </div>
      <div className="space-y-1">
        <label htmlFor="account-new-key-webhook-secret" className="text-sm font-medium">
          Webhook signing secret
        </label>
        <input
          id="account-new-key-webhook-secret"
          data-testid="account-new-key-webhook-secret"
          readOnly
          value={created.webhook_secret}
          onFocus={(event) => event.currentTarget.select()}
          className={`${control} font-mono`}
        />
        <p className="text-xs text-muted">
          Webhooks for requests made with this key are signed with it (Standard Webhooks): verify
          them with <code className="font-mono">new Webhook(secret).verify(body, headers)</code>.
        </p>
      </div>
      <p aria-live="polite" className="min-h-5 text-xs text-muted">
        {copied === "yes"
          ? "Copied to the clipboard."
          : copied === "failed"
            ? "Copying was blocked: the key is selected, press Ctrl+C (⌘C on a Mac)."
            : ""}
      </p>
    </div>
  );
}

function NewWebhookSecret({
  rotated,
  onDone,
}: {
  rotated: RotatedWebhookSecretView & { name: string };
  onDone: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, [rotated.webhook_secret]);

  return (
    <div
      data-testid="account-new-webhook-secret"
      className="space-y-3 rounded-3xl border border-accent/40 bg-accent-soft p-4 sm:p-5"
    >
      <h3
        ref={headingRef}
        tabIndex={-1}
        className="font-semibold text-foreground focus:outline-none"
      >
        New webhook signing secret for “{rotated.name}”
      </h3>
      <p className="text-sm">
        <strong>Copy it now: you won’t see it again.</strong> Webhooks are signed with both secrets
        until <LocalDateTime at={rotated.previous_secret_expires_at} />, then with this one only.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <label htmlFor="account-new-webhook-secret-value" className="sr-only">
          Webhook signing secret
        </label>
        <input
          id="account-new-webhook-secret-value"
          data-testid="account-new-webhook-secret-value"
          readOnly
          value={rotated.webhook_secret}
          onFocus={(event) => event.currentTarget.select()}
          className={`${control} font-mono`}
        />
        <Button variant="secondary" onClick={onDone} className="shrink-0">
          Done
        </Button>
      </div>
    </div>
  );
}
