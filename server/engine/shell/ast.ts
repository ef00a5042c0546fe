/**
 * The shell IR both parsers produce: a flat list of pipelines of simple commands. Anything nested
 * (subshells, loops, `$( )`, `<( )`, function bodies) is flattened into the same list, because
 * every one of those commands may run; words keep a link to their substitutions so rules can ask
 * "is this argument produced by `curl`?".
 */

export interface Word {
  /** Value after quote removal; expansions kept literally (`$HOME/x`, `$(…)`). */
  text: string;
  /** Any part was quoted (so globs are literal and the word is data-like). */
  quoted: boolean;
  /** Contains an expansion or substitution whose value is unknown until run time. */
  dynamic: boolean;
  /** Contains an unquoted glob character (`*`, `?`, `[`). */
  glob: boolean;
  /** Scripts of `$( )`, backticks and `<( )` / `>( )` inside this word. */
  subs: Script[];
}

export interface Redirect {
  /** `>`, `>>`, `<`, `&>`, `>&`, `<<`, `<<-`, `<<<`, `<>`, `>|` … */
  op: string;
  fd: string | null;
  target: Word | null;
  /** Body of a heredoc (`<<`) or the word of a here-string (`<<<`). */
  heredoc?: { body: string; expands: boolean };
}

export interface Command {
  words: Word[];
  assignments: { name: string; value: Word }[];
  redirects: Redirect[];
  /** Set when this entry stands for a compound (subshell, group, loop): its commands are flattened. */
  compound?: string;
}

export interface Pipeline {
  commands: Command[];
  /** How this pipeline was reached: top level, or nested in a substitution, function body, etc. */
  origin: 'top' | 'substitution' | 'process-substitution' | 'subshell' | 'function' | 'compound';
}

export interface Script {
  pipelines: Pipeline[];
  /** Function definitions (name → body), so `f(){ rm -rf /; }; f` and fork bombs are visible. */
  functions: { name: string; body: Script }[];
  /** The parser met syntax it could not place (unterminated quote, stray operator). */
  hadErrors: boolean;
  parser: 'fast' | 'tree-sitter' | 'lenient';
}

export function literalWord(text: string): Word {
  return { text, quoted: false, dynamic: false, glob: false, subs: [] };
}

/** Every pipeline in a script, including those inside word substitutions and function bodies. */
export function* allPipelines(script: Script): Generator<Pipeline> {
  yield* script.pipelines;
  for (const f of script.functions) yield* allPipelines(f.body);
}
