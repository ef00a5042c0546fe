/** Usage text and version. */

declare const __TASK_ORCHESTRATOR_VERSION__: string | undefined;

/** Set by scripts/build.mjs from package.json; "dev" when run from source. */
export const VERSION = typeof __TASK_ORCHESTRATOR_VERSION__ === 'string' ? __TASK_ORCHESTRATOR_VERSION__ : 'dev';

export const USAGE = `task-orchestrator ${VERSION} — production safety for Claude Code agents

Usage:
  task-orchestrator classify [--json] [--cwd DIR] <command…>
        Classify a Bash command: decision (allow|ask|deny|none), category, rule, reason.
        Quote the command to keep it exact: task-orchestrator classify 'git push --force origin main'
  task-orchestrator classify [--json] --tool <Name> --input '<json>'
        Classify any tool call, e.g. --tool Read --input '{"file_path":".env"}'
  task-orchestrator classify --batch
        Read JSON lines {"tool_name":…,"tool_input":{…}} on stdin; write one JSON line per input line,
        in order: {"decision","category","rule","reason"}.
  task-orchestrator explain [--json] [--cwd DIR] [--tool <Name> --input '<json>'] <command…>
        Show how the decision was reached: the classifier's trail and every finding.
  task-orchestrator hook <Event>
        Run a Claude Code hook (stdin: the hook JSON; stdout: the answer). Same code as dist/hook.cjs.
  task-orchestrator --help | --version

Options end at the first word that is not an option; use -- before a command that starts with "-".
Exit status: 0 ok, 2 usage error.
`;
