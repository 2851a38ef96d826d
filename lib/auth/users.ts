// Creating users for operators (the admin CLI). No `import "server-only"`: the CLI runs this in plain
// Node, where that package throws.
import { query } from "@/lib/db";
import { EnvError } from "@/lib/env";

/** Supabase Auth refused to create a user (a bad service-role key, an email it does not accept). */
export class AuthAdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthAdminError";
  }
}

/**
 * NEXT_PUBLIC_SUPABASE_URL with SUPABASE_SERVICE_ROLE_KEY, or undefined when neither is set. Read
 * here rather than in lib/env.ts because only operator tools need the key, and a web process may
 * well run with the URL and without it.
 */
function supabaseAdminConfig(): { url: string; serviceRoleKey: string } | undefined {
  const url = process.env.NEXT_PUBLIC_SUPABASE_URL?.trim() || undefined;
  const serviceRoleKey = process.env.SUPABASE_SERVICE_ROLE_KEY?.trim() || undefined;
  if (url === undefined && serviceRoleKey === undefined) return undefined;
  if (url === undefined || serviceRoleKey === undefined) {
    throw new EnvError(
      "Set both NEXT_PUBLIC_SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY to create users in Supabase Auth, or neither to use the local auth.users table.",
    );
  }
  return { url, serviceRoleKey };
}

/**
 * Creates the auth user and returns its id: through Supabase Auth's admin API when
 * NEXT_PUBLIC_SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are set, else in the local auth.users
 * stand-in. Either way the on_auth_user_created trigger then creates its free profile.
 */
export async function createAuthUser(email: string): Promise<string> {
  const config = supabaseAdminConfig();
  if (config) {
    // Imported on use: on Node 20 supabase-js prints a deprecation notice on stderr as it loads,
    // which would otherwise come before the output of every admin command.
    const { supabaseStatelessClient } = await import("@/lib/supabase/server");
    const supabase = supabaseStatelessClient(config.url, config.serviceRoleKey);
    const { data, error } = await supabase.auth.admin.createUser({ email, email_confirm: true });
    if (error || !data.user) {
      throw new AuthAdminError(
        `Supabase Auth did not create ${email}: ${error?.message ?? "no user in its answer"}`,
      );
    }
    return data.user.id;
  }
  const [row] = await query<{ id: string }>(
    "insert into auth.users (email) values ($1) returning id",
    [email],
  );
  return row!.id;
}
