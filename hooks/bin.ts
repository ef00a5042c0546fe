/**
 * Entry of plugin/dist/hook.cjs: `node hook.cjs [Event]` (default PreToolUse).
 */
import { runHookProcess } from './process.js';

void runHookProcess(process.argv[2] ?? 'PreToolUse');
