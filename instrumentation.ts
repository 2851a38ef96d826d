// Runs once when the web server starts: validate the environment now, so a bad setting stops the
// server at boot with a message naming the variable, instead of failing its first request. Next
// only logs errors thrown here and serves on, hence the explicit exit.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, EnvError } = await import("@/lib/env");
  try {
    env();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
