import { Argument } from 'commander';
import { examples, type CommandGroup } from '../core/command-helpers';
import { bashCompletion, zshCompletion } from '../core/completion';

/** `strata completion bash|zsh`: a completion script generated from the command tree. */
export const completionCommands: CommandGroup = (program, cli) => {
  examples(
    program
      .command('completion')
      .description('Print a shell completion script')
      .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh']))
      .action((shell: 'bash' | 'zsh') => {
        cli.io.stdout.write(shell === 'bash' ? bashCompletion(program) : zshCompletion(program));
      }),
    ['source <(strata completion bash)           # in ~/.bashrc', 'strata completion zsh > "${fpath[1]}/_strata"'],
  );
};
