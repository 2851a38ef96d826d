// Runs once when the web server starts. The check lives in a Node-only module: this file is also
// compiled for the Edge runtime, which has no process.exit.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { validateEnvOrExit } = await import("./lib/validate-env-or-exit");
    validateEnvOrExit();
  }
}
