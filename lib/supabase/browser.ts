// Supabase's client in the browser (the sign-in form), where a WebSocket exists.
import { createBrowserClient } from "@supabase/ssr";

export function supabaseBrowserClient(url: string, publishableKey: string) {
  return createBrowserClient(url, publishableKey);
}
