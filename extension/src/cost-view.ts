/**
 * The cost view: spend against budgets, 30 days by provider, Claude Code sessions; read only while visible.
 */
import type * as vscode from 'vscode';
import type { StateService } from './state-service.js';
import { StateView } from './view-base.js';

export class CostView implements vscode.Disposable {
  readonly view: StateView;

  constructor(extensionUri: vscode.Uri, private readonly service: StateService) {
    this.view = new StateView(extensionUri, 'cost', { onWantsState: () => void this.refresh(true) });
  }

  /** Reads and sends the cost state; unless `force`, only when the view is visible. */
  async refresh(force = false): Promise<void> {
    if (!force && !this.view.visible) return;
    this.view.show({ type: 'cost', state: await this.service.cost(Date.now()) });
  }

  dispose(): void {
    this.view.dispose();
  }
}
