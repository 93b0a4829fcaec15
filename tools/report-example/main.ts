// Writes the README's example report page from a real run: builds the apps, starts the
// standalone app on a temp data dir, runs a demo discovery job (and its audit), asks the Reports
// API for a PDF, downloads it, and renders the page with the findings chart to PNG with pdftoppm
// (poppler-utils):
//
//   node -r @swc-node/register tools/report-example/main.ts [--out docs/images/report-page.png] [--size 300] [--pdf FILE]
//
// Nothing here is drawn by hand: the page is what `GET .../reports/{id}/download` returns.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { waitFor } from '@strata/testing';
import { buildApps, startStandalone } from '../bench/src/standalone';

const run = promisify(execFile);
const TENANT = 'demo';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'docs/images/report-page.png' },
      size: { type: 'string', default: '300' },
      pdf: { type: 'string' },
      page: { type: 'string', default: 'Open findings by severity' },
    },
  });
  console.log(`building the apps (${await buildApps()})`);
  const strata = await startStandalone('report-example');
  const work = await mkdtemp(join(tmpdir(), 'strata-report-example-'));
  try {
    const job = await strata.api('POST', `/api/v1/tenants/${TENANT}/jobs`, {
      name: 'Nightly demo estate',
      plugins: ['demo'],
      credential_id: 'cred-demo',
      config: { size: Number(values.size), seed: 'report-example' },
    });
    const ended = await strata.jobEnded(TENANT, String(job['id']));
    if (ended['status'] !== 'completed') throw new Error(`the demo job ended ${String(ended['status'])}`);
    console.log(`demo job ${String(job['id'])} completed`);

    const created = await strata.api('POST', `/api/v1/tenants/${TENANT}/reports`, { format: 'pdf', title: 'Demo estate review' });
    const report = await waitFor(
      async () => {
        const view = await strata.api('GET', `/api/v1/tenants/${TENANT}/reports/${String(created['id'])}`);
        if (view['status'] === 'failed') throw new Error(`the report failed: ${JSON.stringify(view['error'])}`);
        return view['status'] === 'ready' ? view : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 200, message: 'the report to be ready' },
    );
    const response = await fetch(`${strata.baseUrl}/api/v1/tenants/${TENANT}/reports/${String(report['id'])}/download`, { headers: { authorization: `Bearer ${strata.token}` } });
    if (response.status !== 200) throw new Error(`download → ${response.status}`);
    const pdf = join(work, 'report.pdf');
    await writeFile(pdf, Buffer.from(await response.arrayBuffer()));
    if (values.pdf) await writeFile(values.pdf, await readFile(pdf));

    // The first page showing the chart named by --page (the cover when none does).
    const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-']);
    const pages = text.split('\f');
    const index = pages.findIndex((page, i) => i > 0 && page.includes(values.page!));
    const page = index < 0 ? 1 : index + 1;
    const prefix = join(work, 'page');
    await run('pdftoppm', ['-png', '-r', '80', '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix]);
    await writeFile(values.out!, await readFile(`${prefix}.png`));
    console.log(`wrote ${values.out} (page ${page} of ${pages.filter((p) => p.trim() !== '').length} of report ${String(report['id'])})`);
  } finally {
    await rm(work, { recursive: true, force: true });
    await strata.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
