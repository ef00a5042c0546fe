// A small stand-in for the `vscode` module (vitest aliases `vscode` to this file): just the API the
// extension uses, recording what it is asked to do so tests can assert on it. Not a VS Code emulator.
import { join } from 'node:path';

export class Uri {
  private constructor(readonly scheme: string, readonly fsPath: string) {}
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, join(base.fsPath, ...parts));
  }
  get path(): string {
    return this.fsPath;
  }
  toString(): string {
    return `${this.scheme}://${this.fsPath}`;
  }
}

export class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  dispose(): void {
    this.fn();
  }
}

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Array<Listener<T>> = [];
  readonly event = (l: Listener<T>): Disposable => {
    this.listeners.push(l);
    return new Disposable(() => (this.listeners = this.listeners.filter((x) => x !== l)));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

/** Everything the extension did, for assertions; `reset()` between tests. */
export const recorded = {
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  executed: [] as Array<{ command: string; args: unknown[] }>,
  providers: new Map<string, unknown>(),
  messages: [] as Array<{ level: 'info' | 'warning' | 'error'; text: string; items: string[] }>,
  /** What showInformationMessage resolves with next (a button's title), else undefined. */
  nextChoice: undefined as string | undefined,
  /** What showInputBox resolves with next. */
  nextInput: undefined as string | undefined,
  inputBoxes: [] as Array<Record<string, unknown>>,
  documents: [] as Array<{ content: string; language?: string }>,
  output: [] as string[],
  config: { stateDir: '', notifications: 'newRequests', project: 'current' } as Record<string, unknown>,
  folders: [] as string[],
  contexts: new Map<string, unknown>(),
  reset(): void {
    this.commands.clear();
    this.executed = [];
    this.providers.clear();
    this.messages = [];
    this.nextChoice = undefined;
    this.nextInput = undefined;
    this.inputBoxes = [];
    this.documents = [];
    this.output = [];
    this.config = { stateDir: '', notifications: 'newRequests', project: 'current' };
    this.folders = [];
    this.contexts.clear();
  },
};

const message = (level: 'info' | 'warning' | 'error') => async (text: string, ...items: string[]): Promise<string | undefined> => {
  recorded.messages.push({ level, text, items });
  const choice = level === 'info' ? recorded.nextChoice : undefined;
  recorded.nextChoice = undefined;
  return choice;
};

export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown): Disposable {
    recorded.commands.set(id, fn);
    return new Disposable(() => recorded.commands.delete(id));
  },
  async executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    recorded.executed.push({ command, args });
    if (command === 'setContext') recorded.contexts.set(String(args[0]), args[1]);
    return recorded.commands.get(command)?.(...args);
  },
};

export const window = {
  showInformationMessage: message('info'),
  showWarningMessage: message('warning'),
  showErrorMessage: message('error'),
  async showInputBox(opts: Record<string, unknown>): Promise<string | undefined> {
    recorded.inputBoxes.push(opts);
    const v = recorded.nextInput;
    recorded.nextInput = undefined;
    return v;
  },
  async showTextDocument(doc: unknown): Promise<unknown> {
    return doc;
  },
  createOutputChannel(_name: string) {
    return {
      append: (t: string) => void recorded.output.push(t),
      appendLine: (t: string) => void recorded.output.push(`${t}\n`),
      show: () => undefined,
      dispose: () => undefined,
    };
  },
  createStatusBarItem(_align?: StatusBarAlignment, _priority?: number) {
    return { text: '', tooltip: '', command: '', visible: false, show() { this.visible = true; }, hide() { this.visible = false; }, dispose: () => undefined };
  },
  registerWebviewViewProvider(id: string, provider: unknown): Disposable {
    recorded.providers.set(id, provider);
    return new Disposable(() => recorded.providers.delete(id));
  },
};

export const workspace = {
  getConfiguration(_section: string) {
    return { get: <T>(key: string): T | undefined => recorded.config[key] as T | undefined };
  },
  get workspaceFolders() {
    return recorded.folders.map((f, index) => ({ uri: Uri.file(f), name: f, index }));
  },
  onDidChangeConfiguration: new EventEmitter<unknown>().event,
  onDidChangeWorkspaceFolders: new EventEmitter<unknown>().event,
  async openTextDocument(opts: { content: string; language?: string }) {
    recorded.documents.push(opts);
    return opts;
  },
};

/** A webview view as VS Code hands it to resolveWebviewView, with the messages posted to it. */
export function fakeWebviewView() {
  const received = new EventEmitter<unknown>();
  const visibility = new EventEmitter<void>();
  const disposed = new EventEmitter<void>();
  const posted: unknown[] = [];
  const view = {
    visible: true,
    badge: undefined as { value: number; tooltip: string } | undefined,
    onDidChangeVisibility: visibility.event,
    onDidDispose: disposed.event,
    webview: {
      options: {} as Record<string, unknown>,
      html: '',
      cspSource: 'https://test.vscode-cdn.example',
      asWebviewUri: (u: Uri) => ({ toString: () => `https://test.vscode-cdn.example${u.fsPath}` }),
      onDidReceiveMessage: received.event,
      postMessage: async (m: unknown) => (posted.push(m), true),
    },
  };
  return { view, posted, send: (m: unknown) => received.fire(m), setVisible: (v: boolean) => ((view.visible = v), visibility.fire()) };
}
