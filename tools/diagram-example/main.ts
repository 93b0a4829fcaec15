// Writes the README's example diagram from a real aws discovery of the local fixture estate:
//
//   node -r @swc-node/register tools/diagram-example/main.ts [--out docs/images/diagram-aws.png] [--size 200] [--region us-east-1] [--svg]
//
// It starts the aws fixture server (tools/aws-fixture's estate) on a free port, runs the aws
// plugin against it in this process, draws the region as GET .../diagrams/aws?format=png does
// (same model, layout, SVG and PNG code), and writes the PNG (and, with --svg, the SVG beside it).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
// The PNG step alone (not the API lib's index, which brings the read store and needs Node 24's node:sqlite).
import { svgToPng } from '../../libs/diagrams/api/src/render/svg-to-png';
import { buildAwsDiagram, drawDiagram, type GraphNode } from '@strata/diagrams-domain';
import { AwsFixtureServer, generateEstate } from '../../libs/plugins/aws/src/fixtures';
import { runAwsPlugin } from '../../libs/plugins/aws/src/fixtures/run-aws-plugin';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'docs/images/diagram-aws.png' },
      size: { type: 'string', default: '200' },
      seed: { type: 'string', default: 'diagram' },
      region: { type: 'string', default: 'us-east-1' },
      svg: { type: 'boolean', default: false },
    },
  });
  const estate = generateEstate({ size: Number(values.size), seed: values.seed });
  const fixture = await AwsFixtureServer.start({ estate, pageSize: 100 });
  let run;
  try {
    run = await runAwsPlugin({ endpoint_url: fixture.url, metrics: false });
  } finally {
    await fixture.close();
  }
  const region = values.region;
  // As the API selects `?account=&region=`: the region's resources and the account's global ones.
  const nodes: GraphNode[] = [...run.nodes.values()]
    .filter((node) => node.region === region || node.region === undefined || node.type === 'aws.s3.bucket')
    .map((node) => ({ id: node.id, type: node.type, name: node.name, account: node.account, region: node.region, attributes: node.attributes ?? {} }));
  const model = buildAwsDiagram({ nodes, edges: run.edges }, { title: `AWS · account ${estate.accountId} · ${region} (aws fixture estate)`, emptyNote: `Nothing to draw in ${region}` });
  const drawn = await drawDiagram(model);
  const png = svgToPng(drawn.svg, drawn);
  await mkdir(dirname(values.out), { recursive: true });
  await writeFile(values.out, png.png);
  if (values.svg) await writeFile(values.out.replace(/\.png$/, '.svg'), drawn.svg);
  console.log(`${values.out}: ${png.width} × ${png.height} px from ${nodes.length} nodes (${run.nodes.size} discovered), layout ${Math.round(drawn.timings.layoutMs)} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
