/**
 * Argument handling shared by the commands. A command line such as `classify --json rm -rf /` has our
 * options first and then the command to classify verbatim: parsing stops at the first word that is not
 * one of our options (or after `--`), so the command's own flags are never taken for ours.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface SplitArgs<T> {
  values: T;
  /** The words after our options, verbatim. */
  rest: string[];
}

/** Parses leading options strictly; everything from the first other word on is returned in `rest`. */
export function splitArgs<T>(args: string[], options: Options): SplitArgs<T> {
  let i = 0;
  const head: string[] = [];
  while (i < args.length) {
    const arg = args[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    head.push(arg);
    i++;
    const name = arg.startsWith('--') ? arg.slice(2) : findShort(options, arg.slice(1));
    const takesValue = name !== undefined && !name.includes('=') && options[name]?.type === 'string';
    if (takesValue && i < args.length) head.push(args[i++] as string);
  }
  try {
    const { values } = parseArgs({ args: head, options, strict: true, allowPositionals: false });
    return { values: values as T, rest: args.slice(i) };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function findShort(options: Options, short: string): string | undefined {
  return Object.keys(options).find((k) => options[k]?.short === short);
}

export interface CommandArgs<T> {
  values: T;
  positionals: string[];
}

/**
 * Options anywhere among the words (`approve <id> --reason "…"`), strictly checked, with exactly
 * `positionals` names required (their names word the error).
 */
export function commandArgs<T>(args: string[], options: Options, positionals: string[], command: string): CommandArgs<T> {
  let parsed: { values: unknown; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(`${command}: ${(err as Error).message}`);
  }
  if (parsed.positionals.length < positionals.length) {
    throw new UsageError(`${command}: missing ${positionals.slice(parsed.positionals.length).map((p) => `<${p}>`).join(' ')}`);
  }
  if (parsed.positionals.length > positionals.length) {
    throw new UsageError(`${command}: unexpected argument ${JSON.stringify(parsed.positionals[positionals.length])}`);
  }
  return { values: parsed.values as T, positionals: parsed.positionals };
}
