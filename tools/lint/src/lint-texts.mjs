// Lints many (file name, source text) pairs in one ESLint run, for the boundary spec: one process
// and one load of the flat config (which builds the Nx project graph) instead of one per case.
// Reads [{ file, code }] as JSON on stdin; writes the messages of each, in order, as JSON.
import { ESLint } from 'eslint';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const eslint = new ESLint({ cwd: process.cwd() });
const results = [];
for (const { file, code } of JSON.parse(input)) {
  const [result] = await eslint.lintText(code, { filePath: file });
  results.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
}
process.stdout.write(JSON.stringify(results));
