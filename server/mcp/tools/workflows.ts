/**
 * Workflows and code tools: list_workflows, trigger_workflow (the mode text plus the target files'
 * contents, bounded; `run` sends it to the workflow's archetype agent), validate_code, and
 * run_with_error_capture — gated by the same classifier as the hooks: deny is refused, ask needs an
 * always-rule a human created, allow runs.
 */
import { z } from 'zod/v4';
import { ARCHETYPES, runAgent } from '../../engine/agents/index.js';
import { expandWorkflow, listWorkflows, nodeWorkflowFiles, WorkflowError } from '../../engine/workflows/index.js';
import type { ServerContext } from '../context.js';
import { fail, ok, tool, type ToolDef } from '../tool.js';
import { codeTools } from './code.js';

export function workflowTools(ctx: ServerContext): ToolDef[] {
  return [
    tool({
      name: 'list_workflows',
      title: 'List workflows',
      description: 'The @Workflow triggers (@Refactor, @TestGen, @Debug, @Review, @Docs): archetype, temperature, context budget and the files each includes.',
      input: {},
      output: { workflows: z.array(z.object({ name: z.string(), trigger: z.string() }).passthrough()) },
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async () => {
        const workflows = listWorkflows();
        return ok({ workflows: workflows as unknown as Record<string, unknown>[] }, workflows.map((w) => `${w.trigger}: ${w.archetype}, temperature ${w.temperature}, ≤${w.maxContextTokens} tokens; files ${w.globs.join(', ')}`).join('\n'));
      },
    }),
    tool({
      name: 'trigger_workflow',
      title: 'Trigger a workflow',
      description:
        'Expands a workflow for a prompt: the mode text as system prompt, and the prompt followed by the target files\' contents (or the workflow\'s default files), ' +
        'within the workflow\'s token budget, secrets redacted, files outside the project refused. With run=true the expansion is sent to the workflow\'s archetype agent and its graded answer returned.',
      input: {
        workflow: z.string().min(1).describe('refactor, testgen, debug, review or docs'),
        prompt: z.string().min(1).max(200_000),
        target_files: z.array(z.string().min(1)).max(200).optional().describe('files, directories or globs relative to the project'),
        max_files: z.number().int().min(1).max(200).optional(),
        run: z.boolean().optional().describe('send it to the archetype agent (a paid call)'),
      },
      output: {
        workflow: z.string(), archetype: z.string(), temperature: z.number(), tokens: z.number(), maxContextTokens: z.number(),
        files: z.array(z.object({ path: z.string(), bytes: z.number(), tokens: z.number(), truncated: z.boolean() })),
        skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
        systemPrompt: z.string(), expandedPrompt: z.string(), agent: z.unknown().optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: true },
      handler: async (a) => {
        let x;
        try {
          x = expandWorkflow({
            workflow: a.workflow, prompt: a.prompt, baseDir: ctx.project, ...nodeWorkflowFiles(),
            ...(a.target_files ? { targetFiles: a.target_files } : {}), ...(a.max_files ? { maxFiles: a.max_files } : {}),
          });
        } catch (e) {
          if (e instanceof WorkflowError) return fail(e.message);
          throw e;
        }
        const data: Record<string, unknown> = {
          workflow: x.workflow, archetype: x.archetype, temperature: x.temperature, tokens: x.tokens, maxContextTokens: x.maxContextTokens,
          files: x.files, skipped: x.skipped, systemPrompt: x.systemPrompt, expandedPrompt: x.prompt,
        };
        const summary = `${x.workflow} (${x.archetype}): ${x.files.length} file(s), ${x.tokens}/${x.maxContextTokens} tokens${x.skipped.length ? `; skipped ${x.skipped.map((s) => `${s.path} (${s.reason})`).join(', ')}` : ''}${x.moreFiles ? `; ${x.moreFiles} more file(s) not considered` : ''}`;
        if (!a.run) return ok(data, `${summary}\n\n${x.prompt}`);
        const arch = ARCHETYPES[x.archetype];
        const r = await runAgent(await ctx.agentDeps(), {
          prompt: x.prompt, system: `${x.systemPrompt}\n\n${arch.systemPrompt}`, temperature: x.temperature, modelTask: arch.modelTask,
          maxTokens: arch.maxTokens, operation: `trigger_workflow:${x.workflow}`, essential: true,
        });
        if (!r.ok) return fail(`${summary}\nthe agent did not run: ${r.kind}: ${r.error}`, { ...data, agent: r });
        return ok({ ...data, agent: r }, `${summary}\n\n${r.answer}\n\n---\n${r.provider}/${r.model}, $${r.costUsd.toFixed(6)}; grading ${r.grade.passed ? 'passed' : 'FAILED'}`);
      },
    }),
    ...codeTools(ctx),
  ];
}
