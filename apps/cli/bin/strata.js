#!/usr/bin/env node
// `npx strata` in the checkout: runs the CLI from its TypeScript sources with the workspace's swc
// (the packed CLI runs its built dist/ instead, from its own bin).
const { join } = require('node:path');
process.env.SWC_NODE_PROJECT ??= join(__dirname, '../../../tsconfig.json');
require('@swc-node/register');
require('../src/main.ts').runAsProcess();
