import type { Command } from 'commander';

/** Every command path (`""`, `"jobs"`, `"credentials add"`) with the words that may follow it. */
export function completionTable(root: Command): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const walk = (command: Command, path: string) => {
    const words = [
      ...command.commands.flatMap((child) => [child.name(), ...child.aliases()]),
      ...command.options.flatMap((option) => [option.long, option.short].filter((flag): flag is string => Boolean(flag))),
      ...(path === '' ? [] : ['--help']),
    ];
    table.set(path, [...new Set(words)]);
    for (const child of command.commands) walk(child, path ? `${path} ${child.name()}` : child.name());
  };
  walk(root, '');
  // Global options complete everywhere.
  const globals = table.get('')!.filter((word) => word.startsWith('-'));
  for (const [path, words] of table) if (path) table.set(path, [...new Set([...words, ...globals])]);
  return table;
}

/**
 * A bash completion script: it walks the words typed so far through the command tree (skipping
 * options and their values) and offers what may follow.
 */
export function bashCompletion(root: Command): string {
  const name = root.name();
  const fn = `_${name.replace(/[^A-Za-z0-9_]/g, '_')}_complete`;
  const cases = [...completionTable(root)].map(([path, words]) => `    "${path}") words="${words.join(' ')}" ;;`).join('\n');
  const paths = [...completionTable(root).keys()].filter(Boolean).map((path) => `"${path}"`).join(' ');
  return `# ${name} completion for bash: source <(${name} completion bash)
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word candidate words
  local -a known=(${paths})
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    [[ "$word" == -* ]] && continue
    candidate="\${path:+$path }$word"
    for k in "\${known[@]}"; do [[ "$k" == "$candidate" ]] && path="$candidate" && break; done
  done
  case "$path" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -o default -F ${fn} ${name}
`;
}

/** zsh runs the bash script through bashcompinit. */
export function zshCompletion(root: Command): string {
  return `#compdef ${root.name()}
# ${root.name()} completion for zsh: source <(${root.name()} completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(root)}`;
}
