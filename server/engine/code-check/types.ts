/** Shapes of a code check. Plain JSON objects (the original returned objects JSON could not serialise). */

export type CodeLanguage = 'python' | 'javascript' | 'typescript' | 'json' | 'bash';

export interface CodeIssue {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units of the line (what editors show). */
  column: number;
  /** Stable id, e.g. SYNTAX_ERROR, MISSING_TOKEN, BARE_EXCEPT, LOOSE_EQUALITY, SHELL_DENY. */
  code: string;
  message: string;
}

export interface CodeCheck {
  /** No errors (warnings do not make code invalid). */
  valid: boolean;
  errors: CodeIssue[];
  warnings: CodeIssue[];
  /** At most five short, distinct next steps. */
  suggestions: string[];
}
