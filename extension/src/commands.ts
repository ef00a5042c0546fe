/**
 * The palette's commands. The approve/deny commands act on the item the inbox webview reported as
 * selected, or on an id passed as the argument (a notification's buttons, tests).
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { Controller } from './controller.js';
import { cliCandidates, findCli, runDoctor } from './doctor.js';

export function registerCommands(c: Controller): vscode.Disposable[] {
  const target = (arg: unknown): string | null => (typeof arg === 'string' && arg !== '' ? arg : (c.inbox.selected?.id ?? null));
  const none = (): void => void vscode.window.showWarningMessage('Task Orchestrator: select a pending request in the Approval inbox first.');
  const reg = (id: string, fn: (arg?: unknown) => unknown): vscode.Disposable => vscode.commands.registerCommand(`taskOrchestrator.${id}`, fn);

  return [
    reg('openInbox', () => c.inbox.view.focus()),
    reg('refresh', () => c.refresh()),
    reg('approveSelected', async (arg) => {
      const id = target(arg);
      return id === null ? none() : c.decide(id, { kind: 'approve' });
    }),
    reg('approveAlwaysSelected', async (arg) => {
      const id = target(arg);
      if (id === null) return none();
      const item = c.inbox.item(id);
      const pattern = await vscode.window.showInputBox({
        title: 'Approve always',
        prompt: item
          ? `Allow ${item.tool} calls under rule ${item.rule} in ${item.project || 'every project'} whose summary matches this pattern (* any run, ? one character)`
          : 'The pattern the rule matches (* any run, ? one character)',
        value: item?.alwaysPattern ?? '',
        validateInput: (v) => (v.trim() === '' ? 'The pattern must not be empty' : undefined),
      });
      return pattern === undefined ? undefined : c.decide(id, { kind: 'approveAlways', pattern });
    }),
    reg('denySelected', async (arg) => {
      const id = target(arg);
      if (id === null) return none();
      const item = c.inbox.item(id);
      const reason = await vscode.window.showInputBox({
        title: 'Deny',
        prompt: `Why? Claude reads this reason (optional)${item ? `: ${item.tool} ${item.summary}` : ''}`,
        placeHolder: 'e.g. use the staging registry',
      });
      return reason === undefined ? undefined : c.decide(id, { kind: 'deny', reason });
    }),
    reg('openAuditLog', async () => {
      try {
        const content = await c.service.auditText();
        const doc = await vscode.workspace.openTextDocument({ content, language: 'log' });
        await vscode.window.showTextDocument(doc, { preview: true });
      } catch (err) {
        void vscode.window.showErrorMessage(`Task Orchestrator: could not read the audit log: ${(err as Error).message}`);
      }
    }),
    reg('runDoctor', async () => {
      const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
      const candidates = cliCandidates({ folders, home: homedir(), env: process.env });
      const cli = findCli(candidates);
      c.output.show(true);
      if (!cli) {
        c.output.appendLine('Task Orchestrator doctor: the plugin CLI (dist/cli.mjs) was not found. Looked in:');
        for (const p of candidates) c.output.appendLine(`  ${p}`);
        c.output.appendLine('Install the plugin in Claude Code, or set TASK_ORCHESTRATOR_CLI to its dist/cli.mjs, then run this again.');
        return null;
      }
      const dir = c.paths().dir;
      c.output.appendLine(`$ ${cli} doctor   (TASK_ORCHESTRATOR_HOME=${dir})`);
      const code = await runDoctor(cli, dir, (t) => c.output.append(t));
      c.output.appendLine(code === 0 ? 'doctor: all checks passed' : `doctor exited with ${code ?? 'a timeout'}`);
      return code;
    }),
  ];
}
