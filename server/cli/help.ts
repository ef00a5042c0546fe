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

The approval inbox (docs/inbox.md):
  task-orchestrator inbox list [--json] [--all] [--project DIR] [--limit N]
        Pending approvals (--all: with approved, denied and expired ones). --json: a stable JSON array
        of items {id, status, tool_name, summary, rule, reason, project, session, created_at, …}.
  task-orchestrator inbox show <id> [--json]
  task-orchestrator inbox approve <id> [--reason TEXT] [--always [--pattern GLOB]]
        --always also allows later calls of the same tool and rule in that project whose summary
        matches GLOB (* any run of characters, ? one character; default: this call's summary).
  task-orchestrator inbox deny <id> --reason TEXT
        Claude is told the reason.
  task-orchestrator inbox watch
        A live view that counts as a decision surface: a approve, A approve always, d deny, j/k move,
        q quit. Not a terminal: prints one line per new item until stdin ends.
  task-orchestrator status [--json]
        Pending count, last decisions, live surfaces, state.db size, journal backlog, notices.
  task-orchestrator audit [--since 2h|ISO] [--until …] [--tool T] [--decision allow|ask|deny|none]
        [--session S] [--rule R] [--kind K] [--project DIR] [--limit N] [--json]
  task-orchestrator doctor [--plugin-dir DIR]
        Check Node, the plugin's hooks, Claude Code's settings, the state dir and database, the policy files.
  task-orchestrator store fold [--quiet]
        Fold the hooks' journal into state.db now, then send the alerts it raised.

Grading and the immune memory (docs/immune.md):
  task-orchestrator immune status|dashboard [--days N] [--project DIR] [--json|--markdown]
        Health computed from graded tool calls: failure rate and trend, top patterns, recurrence prevented.
  task-orchestrator immune patterns [--project DIR] [--limit N] [--json]
  task-orchestrator immune check [--operation OP] [--project DIR] [--threshold X] [--json] <prompt>
        Check a prompt against every remembered failure; prints the warnings Claude would get.
  task-orchestrator immune export [--out FILE] [--since 7d] [--project DIR]
        Training data: one JSON line per trial (prompt, response, label good|bad, scores, tool, operation).
  task-orchestrator alerts list [--open] [--json] | clear [<id>…] | send | test
        Alerts from the immune rules (high risk, frequency spike, new pattern, consecutive failures);
        send delivers unsent ones to the configured console/webhook/Slack notifiers; test sends a test alert.
  task-orchestrator predict train [--json] | predict [--tool T] [--json] <request>
        Train the failure-risk model from recorded trials; the risk that a request fails.
  task-orchestrator grade [--assert SPEC]… [--judge relevance,accuracy,…] [--prompt T] [--expected T] [--json] < output
        Grade an output with assertions ('{"type":"icontains","value":"ok"}', @file.json) and LLM judges.

Helper agents, cost and healing (docs/mcp.md, docs/cost.md, docs/healing.md):
  task-orchestrator serve
        The MCP server on stdio (what the plugin's mcpServers entry starts).
  task-orchestrator cost [summary] [--provider P] [--json]
        Spend today / this month / all time per provider and model, budgets, Claude Code session costs.
  task-orchestrator cost budget <provider> [--daily USD|none] [--monthly USD|none] [--warn-at F] [--throttle-at F]
        Show or set a provider's budget (setting refuses inside Claude Code: raising a budget is the human's call).
  task-orchestrator healing [status] [--json] | healing reset <provider>
        The providers' circuit breakers; reset closes one (refuses inside Claude Code).
  task-orchestrator --help | --version

Options of classify/explain end at the first word that is not an option; use -- before a command that
starts with "-". Deciding commands (inbox approve/deny/watch, cost budget with a change, healing reset) refuse to run inside Claude Code (CLAUDECODE set).
Exit status: 0 ok, 1 failed (unknown id, already decided, expired, a doctor check), 2 usage error,
3 refused inside Claude Code.
`;
