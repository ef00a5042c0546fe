/**
 * The hook's stdin schema: the one definition of what Claude Code sends (verified against CC 2.1.197
 * and 2.1.330; samples in test/fixtures/claude-code/). Loose objects, so fields added by newer versions
 * pass through. Imported on demand: a well-formed PreToolUse input is accepted by `quickPreToolUse`
 * (protocol.ts) without loading zod; this schema judges everything else and words the errors.
 */
import { z } from '../server/engine/runtime/schema.js';

/** Fields every event carries. Only `hook_event_name` is required: it decides everything else. */
export const HookInputSchema = z.looseObject({
  hook_event_name: z.string().check(z.minLength(1)),
  session_id: z.optional(z.string()),
  transcript_path: z.optional(z.string()),
  cwd: z.optional(z.string()),
  permission_mode: z.optional(z.string()),
});

export const PreToolUseInputSchema = z.looseObject({
  ...HookInputSchema.shape,
  hook_event_name: z.literal('PreToolUse'),
  tool_name: z.string().check(z.minLength(1)),
  tool_input: z.record(z.string(), z.unknown()),
  tool_use_id: z.optional(z.string()),
});

export type HookInput = z.infer<typeof HookInputSchema>;
export type PreToolUseInput = z.infer<typeof PreToolUseInputSchema>;
