import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { WebhookEvent } from "@/lib/generations/webhook-event";

/** One POST the receiver got. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  /** Every POST so far, in order. */
  received: ReceivedWebhook[];
  /** Statuses to answer the next POSTs with, in turn; 204 once they run out. */
  answers: number[];
  reset(): void;
  close(): Promise<void>;
}

/**
 * A real HTTP receiver on loopback for the webhook tests (integration and e2e): records each POST
 * and answers as told, the way an integrator's endpoint that is down for a moment would.
 */
export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const state = { received: [] as ReceivedWebhook[], answers: [] as number[] };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      state.received.push({ headers: req.headers, body });
      res.writeHead(state.answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/hooks/likeness`,
    port: bound,
    get received() {
      return state.received;
    },
    get answers() {
      return state.answers;
    },
    set answers(value: number[]) {
      state.answers = value;
    },
    reset() {
      state.received = [];
      state.answers = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The headers standardwebhooks verifies, as a receiver hands them over. */
export function webhookHeaders(received: ReceivedWebhook): Record<string, string> {
  return Object.fromEntries(
    ["webhook-id", "webhook-timestamp", "webhook-signature"].map((h) => [
      h,
      String(received.headers[h]),
    ]),
  );
}

/** Verifies a received event with the standardwebhooks library; throws unless it is genuine. */
export function verifyReceived(received: ReceivedWebhook, secret: string): WebhookEvent {
  return new Webhook(secret).verify(received.body, webhookHeaders(received)) as WebhookEvent;
}
