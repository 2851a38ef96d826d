// ANY /admin/queues/**: bull-board's queue dashboard (page, JSON API, static assets), for administrators only.
import { adminNotFound, isAdminRequest } from "@/lib/admin/access";
import { queueBoard } from "@/lib/queue/board";

export const dynamic = "force-dynamic";

async function handle(request: Request): Promise<Response> {
  if (!(await isAdminRequest(request))) return adminNotFound();
  const board = await queueBoard()(request);
  const response = new Response(board.body, board);
  response.headers.set("Cache-Control", "private, no-store");
  return response;
}

export {
  handle as DELETE,
  handle as GET,
  handle as HEAD,
  handle as OPTIONS,
  handle as PATCH,
  handle as POST,
  handle as PUT,
};
