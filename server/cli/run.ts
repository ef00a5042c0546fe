/** Dispatches `task-orchestrator <command> …`. Returns the exit status. */
import { UsageError } from './args.js';
import { runClassify } from './classify.js';
import { USAGE, VERSION } from './help.js';
import { CommandError, type CliIO } from './io.js';

export interface CliCommands {
  /** `hook <Event>`: hands the whole process over to the hook runner (it exits by itself). */
  hook: (event: string) => Promise<void>;
  /** `serve`: hands the whole process over to the MCP server on stdio (it exits by itself). */
  serve: () => Promise<void>;
  /** The plugin folder this CLI belongs to (doctor checks its files). */
  pluginDir: string;
}

export async function runCli(argv: string[], io: CliIO, commands: CliCommands): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (args[0] === '--help' || args[0] === '-h') {
      await io.out(USAGE);
      return 0;
    }
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        await (command === undefined ? io.err(USAGE) : io.out(USAGE));
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        await io.out(`${VERSION}\n`);
        return 0;
      case 'classify':
      case 'explain':
        return await runClassify(args, io, command);
      case 'hook':
        if (args.length !== 1 || !args[0] || args[0].startsWith('-')) throw new UsageError('hook needs exactly one event name, e.g. hook PreToolUse');
        await commands.hook(args[0]);
        return 0;
      case 'serve':
        if (args.length) throw new UsageError('serve takes no arguments (it speaks MCP on stdin/stdout)');
        await commands.serve();
        return 0;
      // The store's commands load sql.js; each is imported only when run.
      case 'inbox':
        return await (await import('./inbox/index.js')).runInbox(args, io);
      case 'status':
        return await (await import('./status.js')).runStatus(args, io);
      case 'audit':
        return await (await import('./audit.js')).runAudit(args, io);
      case 'doctor':
        return await (await import('./doctor/doctor.js')).runDoctor(args, io, commands.pluginDir);
      case 'store':
        return await (await import('./store-cmd.js')).runStoreCommand(args, io);
      case 'immune':
        return await (await import('./immune.js')).runImmune(args, io);
      case 'alerts':
        return await (await import('./alerts.js')).runAlerts(args, io);
      case 'predict':
        return await (await import('./predict.js')).runPredict(args, io);
      case 'cost':
        return await (await import('./cost.js')).runCost(args, io);
      case 'healing':
        return await (await import('./cost.js')).runHealing(args, io);
      case 'grade':
        return await (await import('./grade.js')).runGrade(args, io);
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (err) {
    if (err instanceof CommandError) {
      io.err(`task-orchestrator: ${err.message}\n`);
      return err.code;
    }
    if (!(err instanceof UsageError)) throw err;
    io.err(`task-orchestrator: ${err.message}\nRun 'task-orchestrator --help' for usage.\n`);
    return 2;
  }
}
