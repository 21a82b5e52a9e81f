// The CLI as one CommonJS bundle (dist/cli-bundle.cjs), for the code-cached `agent-handover` bin.
export { main } from './main.js';
