// Lets a child Node.js process that the tests start (`node -r <this file> ...`) require the
// project's TypeScript sources: each .ts file is compiled by @swc/core as it is required, with the
// options of tsconfig.json (ES2020, CommonJS with esModuleInterop, legacy decorators, class fields
// assigned as tsc does below ES2022).
//
// It stands in for ts-node, which loads the whole TypeScript compiler (~0.5 s of CPU per process)
// only to read tsconfig.json, even in its swc mode. The hook libraries that fit are no better:
// @swc-node/register reads tsconfig.json through the TypeScript compiler too, @swc/register is
// deprecated, and esbuild-register or tsx would bring a third compiler besides tsc and @swc/core
// (which jest's @swc/jest already uses). Types are checked by the test task's tsc step.
'use strict';
const fs = require('fs');
const Module = require('module');
const swc = require('@swc/core');

// The options of tsconfig.json in swc's terms, shared with jest's transform (.projenrc.ts).
const OPTIONS = { ...require('./swc-options.json'), configFile: false };

Module._extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...OPTIONS, filename });
  module._compile(code, filename);
};
