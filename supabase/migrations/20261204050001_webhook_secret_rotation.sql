-- Webhook signing secrets can be rotated: the new secret signs at once, and the one it replaced keeps
-- signing beside it for 24 hours (both signatures in webhook-signature, as Standard Webhooks allows),
-- so a receiver can switch to the new secret without missing or rejecting a delivery.

alter table public.webhook_signing_secrets
  add column previous_secret text check (previous_secret like 'whsec_%'), -- the secret before the last rotation
  add column previous_expires_at timestamptz,                            -- until when it still signs
  add column rotated_at timestamptz;                                     -- time of the last rotation
comment on column public.webhook_signing_secrets.previous_secret is
  'The secret the last rotation replaced; deliveries are signed with it too until previous_expires_at.';
comment on column public.webhook_signing_secrets.previous_expires_at is
  'When previous_secret stops signing: 24 hours after the rotation.';
comment on column public.webhook_signing_secrets.rotated_at is 'When the secret was last rotated; null if never.';
comment on column public.webhook_signing_secrets.created_at is 'When the first secret of the key was made.';
