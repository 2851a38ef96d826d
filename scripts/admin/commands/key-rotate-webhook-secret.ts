import { PREVIOUS_SECRET_HOURS, rotateSigningSecret } from "@/lib/webhooks/secrets";
import { CliError } from "../errors";
import { parseKeyId } from "../inputs";
import { emit, when, type Output } from "../output";
import type { AdminProgram } from "../program";

async function keyRotateWebhookSecret(id: string): Promise<Output> {
  const rotated = await rotateSigningSecret(id);
  if (!rotated) throw new CliError("key_not_found", `No API key has the id ${id}.`);
  return {
    json: {
      id,
      webhookSecret: rotated.secret,
      previousSecretExpiresAt: rotated.previousValidUntil,
    },
    text: [
      `rotated the webhook signing secret of key ${id}`,
      "",
      rotated.secret,
      "",
      "Copy it now: it is shown only this once.",
      `Until ${when(rotated.previousValidUntil)} webhooks are signed with this and the previous secret; then with this one only.`,
    ].join("\n"),
  };
}

export function addKeyRotateWebhookSecret(program: AdminProgram): void {
  program
    .command("key:rotate-webhook-secret")
    .summary(
      "Give an API key a new webhook signing secret (printed once; the old one signs for 24 h more)",
    )
    .description(
      `Prints the new Standard Webhooks signing secret once. For the next ${PREVIOUS_SECRET_HOURS} hours every ` +
        "webhook of the key is signed with both the new and the old secret (two v1 signatures in " +
        "webhook-signature), so the receiver can switch over; then with the new one only. Rotating " +
        "again within those hours retires the oldest secret at once. Key ids: npm run admin -- key:list --email …",
    )
    .requiredOption("--id <uuid>", "the key's id", parseKeyId)
    .action(async (opts, command) => emit(command, await keyRotateWebhookSecret(opts.id)));
}
