/**
 * One sidebar webview view: its HTML (html.ts), the typed message channel, and the last state it was
 * sent, posted again when the webview (re)loads and says 'ready'. The views differ only in the messages
 * they handle, given as `onMessage`.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { stylesFor, viewHtml, webviewOptions, type ViewName } from './html.js';
import type { HostMessage, WebviewMessage } from './protocol.js';

const TYPES = new Set(['ready', 'approve', 'approveAlways', 'deny', 'selected', 'refresh', 'openAuditLog']);

/**
 * A webview message, checked: anything else is null (a webview is not trusted to send well-formed data).
 * @example parseWebviewMessage({ type: 'approve', id: 'a1' }) // { type: 'approve', id: 'a1' }
 */
export function parseWebviewMessage(m: unknown): WebviewMessage | null {
  if (typeof m !== 'object' || m === null) return null;
  const r = m as Record<string, unknown>;
  if (typeof r.type !== 'string' || !TYPES.has(r.type)) return null;
  const str = (k: string): boolean => typeof r[k] === 'string';
  switch (r.type) {
    case 'approve':
      return str('id') ? { type: 'approve', id: r.id as string } : null;
    case 'approveAlways':
      return str('id') && str('pattern') ? { type: 'approveAlways', id: r.id as string, pattern: r.pattern as string } : null;
    case 'deny':
      return str('id') ? { type: 'deny', id: r.id as string, reason: str('reason') ? (r.reason as string) : '' } : null;
    case 'selected':
      return r.id === null || str('id') ? { type: 'selected', id: (r.id as string | null) ?? null } : null;
    default:
      return { type: r.type as 'ready' | 'refresh' | 'openAuditLog' };
  }
}

export interface ViewEvents {
  /** The webview loaded (or reloaded) and wants data, or asked for a refresh. */
  onWantsState: (view: StateView) => void;
  /** Any other message. */
  onMessage?: (m: WebviewMessage, view: StateView) => void;
}

export class StateView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private last: HostMessage | null = null;
  private badgeValue: vscode.ViewBadge | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly name: ViewName,
    private readonly events: ViewEvents,
  ) {}

  /** Shown and resolved: worth reading its data for. */
  get visible(): boolean {
    return this.view?.visible === true;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = webviewOptions(this.extensionUri, vscode.Uri.joinPath);
    const dir = join(this.extensionUri.fsPath, 'dist', 'webview');
    view.webview.html = viewHtml(view.webview, this.extensionUri, this.name, vscode.Uri.joinPath, stylesFor(this.name, dir));
    view.badge = this.badgeValue;
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (view.visible) this.events.onWantsState(this);
      }),
      view.onDidDispose(() => {
        if (this.view === view) (this.view = undefined), (this.ready = false);
      }),
    );
  }

  /** Sends a state (kept, and sent again after a reload). */
  show(m: HostMessage): void {
    this.last = m;
    if (this.ready) void this.view?.webview.postMessage(m);
  }

  /** Sends a one-off message (a decision's outcome, a selection), dropped when the webview is not ready. */
  post(m: HostMessage): void {
    if (this.ready) void this.view?.webview.postMessage(m);
  }

  set badge(b: vscode.ViewBadge | undefined) {
    this.badgeValue = b;
    if (this.view) this.view.badge = b;
  }

  /** Brings the view into sight. */
  async focus(): Promise<void> {
    await vscode.commands.executeCommand(`taskOrchestrator.${this.name}.focus`);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.view = undefined;
  }

  private receive(raw: unknown): void {
    const m = parseWebviewMessage(raw);
    if (!m) return;
    if (m.type === 'ready') {
      this.ready = true;
      if (this.last) void this.view?.webview.postMessage(this.last);
      this.events.onWantsState(this);
    } else if (m.type === 'refresh') {
      this.events.onWantsState(this);
    } else if (m.type === 'openAuditLog') {
      void vscode.commands.executeCommand('taskOrchestrator.openAuditLog');
    } else {
      this.events.onMessage?.(m, this);
    }
  }
}
