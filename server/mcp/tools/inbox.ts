/**
 * inbox_status: what waits for a human in the approval inbox, read-only. There is deliberately no tool
 * that decides: an agent must never approve its own request (docs/inbox.md).
 */
import { z } from 'zod/v4';
import { liveSurfaces } from '../../engine/store/journal.js';
import { approvals } from '../../engine/store/repos.js';
import type { ServerContext } from '../context.js';
import { ok, tool, type ToolDef } from '../tool.js';

export function inboxTools(ctx: ServerContext): ToolDef[] {
  return [
    tool({
      name: 'inbox_status',
      title: 'Approval inbox (read-only)',
      description:
        'Pending approval requests (operations the safety gate asked a human about), and optionally recent decisions with who decided. ' +
        'Read-only: approving or denying is for the human, in VS Code or with `task-orchestrator inbox approve|deny`.',
      input: {
        project: z.string().optional().describe('a project directory (default: this project; "*" for every project)'),
        include_history: z.boolean().optional(),
        history_limit: z.number().int().min(1).max(200).optional(),
      },
      output: {
        pendingCount: z.number(),
        pending: z.array(z.object({ id: z.string(), tool: z.string(), summary: z.string(), rule: z.string(), reason: z.string() }).passthrough()),
        humanPresent: z.array(z.string()),
        history: z.array(z.object({ id: z.string(), status: z.string() }).passthrough()).optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async (a) => {
        const store = await ctx.store();
        const project = a.project === '*' ? undefined : a.project ?? ctx.project;
        const now = ctx.now();
        const { pending, history } = await store.read((db) => ({
          pending: approvals.list(db, { status: 'pending', ...(project ? { project } : {}), limit: 200 }).filter((x) => x.expires_at > now),
          history: a.include_history
            ? approvals.list(db, { ...(project ? { project } : {}), limit: 500 }).filter((x) => x.status !== 'pending').slice(0, a.history_limit ?? 20)
            : null,
        }));
        const surfaces = liveSurfaces(store.paths);
        const data = {
          pendingCount: pending.length,
          pending: pending.map((x) => ({
            id: x.id, tool: x.tool_name, summary: x.summary, rule: x.rule, reason: x.reason, project: x.project, session: x.session,
            createdAt: x.created_at, expiresAt: x.expires_at, secondsLeft: Math.max(0, Math.round((x.expires_at - now) / 1000)),
          })),
          humanPresent: surfaces,
          ...(history ? { history: history.map((x) => ({ id: x.id, status: x.status, tool: x.tool_name, summary: x.summary, decidedBy: x.decided_by, decidedAt: x.decided_at, reason: x.decision_reason })) } : {}),
        };
        const text = pending.length
          ? `${pending.length} request(s) wait for a human${surfaces.length ? ` (watching: ${surfaces.join(', ')})` : ' (no approval surface is open: run `task-orchestrator inbox watch` or open VS Code)'}:\n` +
            data.pending.map((p) => `- ${p.id} ${p.tool}: ${p.summary} [${p.rule}] ${p.secondsLeft}s left`).join('\n')
          : 'No request waits for approval.';
        return ok(data, text);
      },
    }),
  ];
}
