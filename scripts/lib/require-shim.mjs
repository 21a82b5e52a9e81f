// CommonJS dependencies bundled into an ES module call require() on Node built-ins and read
// __filename/__dirname: the lines that give them real ones. One copy for the build, the test
// bundles and the README examples.
export const REQUIRE_SHIM = [
  "import { createRequire as __ahCreateRequire } from 'node:module';",
  "import { fileURLToPath as __ahFileURLToPath } from 'node:url';",
  'const require = __ahCreateRequire(import.meta.url);',
  'const __filename = __ahFileURLToPath(import.meta.url);',
  "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
].join('\n');
