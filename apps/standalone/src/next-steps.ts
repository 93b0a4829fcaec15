import { DEMO_CREDENTIAL, DEMO_TENANT } from './demo-tenant';

/** What a new user sees after `npm start`: where Strata is, the token, and a job to run. */
export function nextSteps({ baseUrl, token }: { baseUrl: string; token?: string }): string {
  const tokenLine = token
    ? `Your platform-admin token (shown this once; store it now):\n\n    export TOKEN=${token}\n`
    : 'Use the platform-admin token printed on the first start (or the value of STRATA_BOOTSTRAP_TOKEN) as $TOKEN.\n';
  const tenant = `${baseUrl}/api/v1/tenants/${DEMO_TENANT}`;
  const jobs = `${tenant}/jobs`;
  return [
    '',
    `Strata is running at ${baseUrl} (API docs: ${baseUrl}/api/v1/docs)`,
    '',
    tokenLine,
    'Run a demo discovery job (a synthetic estate of 500 resources):',
    '',
    `    curl -sS -X POST ${jobs} -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\`,
    `      -d '{"name": "Demo discovery", "plugins": ["demo"], "credential_id": "${DEMO_CREDENTIAL}", "config": {"size": 500}}'`,
    '',
    'Then watch it and read the result:',
    '',
    `    curl -N ${jobs}/<job id>/stream -H "Authorization: Bearer $TOKEN"`,
    `    curl -sS ${jobs}/<job id> -H "Authorization: Bearer $TOKEN"`,
    '',
    'And what the audit found:',
    '',
    `    curl -sS ${tenant}/findings/summary -H "Authorization: Bearer $TOKEN"          # by severity, kind, status; monthly savings`,
    `    curl -sS "${tenant}/findings?kind=cost&sort=estimated_monthly_savings" -H "Authorization: Bearer $TOKEN"`,
    `    curl -sS ${tenant}/compliance/frameworks -H "Authorization: Bearer $TOKEN"     # CIS AWS, NIST 800-53, SOC 2, PCI DSS posture`,
    '',
    'What it changed, a diagram of it, and a PDF report:',
    '',
    `    curl -sS ${jobs}/<job id>/changes/summary -H "Authorization: Bearer $TOKEN"`,
    `    curl -sS "${jobs}/<job id>/diagram?format=png" -H "Authorization: Bearer $TOKEN" -o diagram.png`,
    `    curl -sS -X POST ${tenant}/reports -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"format": "pdf"}'   # then GET .../reports/<id>/download`,
    '',
    'Or the same from the command line (`npx strata --help`):',
    '',
    `    echo "$TOKEN" | npx strata login --url ${baseUrl} --tenant ${DEMO_TENANT}`,
    `    npx strata jobs create --plugin demo --credential ${DEMO_CREDENTIAL} --wait`,
    `    npx strata reports generate --format pdf --wait -o report.pdf`,
    '',
  ].join('\n');
}
