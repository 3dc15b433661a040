// The CLI's entry. Registering a command must stay cheap: each command imports what it needs
// (the database, the service, the parser) inside its action, so `chatcron --help` loads only
// commander and `list` never loads the HTTP server, the adapters or a platform SDK.
import { Command } from 'commander';
import { registerParse } from './cli/parse.ts';
import { registerServiceCommands } from './cli/serve.ts';
import { registerTaskCommands, splitCommandArgv } from './cli/tasks.ts';
import { registerToken } from './cli/token.ts';
import { registerRunnersCommands } from './cli/runners.ts';
import { registerRunnerCommand } from './cli/runner.ts';

const { argv, command } = splitCommandArgv(process.argv);
const program = new Command('chatcron')
  .description('Scheduled work driven from group chats. Configuration: chatcron.config.json and the environment (see README).')
  .version('0.1.0');
registerServiceCommands(program);
registerTaskCommands(program, command);
registerParse(program);
registerToken(program);
registerRunnersCommands(program);
registerRunnerCommand(program);
await program.parseAsync(argv);
