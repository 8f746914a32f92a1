// Runs pixel snippets in a fake browser global (Node's vm) and prints what fbq recorded, as JSON.
// Input: a JSON file {steps: [{script: "..."} | {eval: "..."}]}; each eval step's result is collected.
'use strict';
const fs = require('fs');
const vm = require('vm');

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const inserted = [];
function element(tag) {
  return { tag: tag, attrs: {}, setAttribute(k, v) { this.attrs[k] = v; } };
}
const firstScript = { parentNode: { insertBefore(s) { inserted.push(s); } } };
const document = {
  createElement: element,
  getElementsByTagName: () => [firstScript],
  head: { appendChild(s) { inserted.push(s); } },
};
const window = { document: document, inserted: inserted };
window.window = window;
const ctx = vm.createContext(window);

const results = [];
for (const step of input.steps) {
  try {
    if (step.script !== undefined) {
      vm.runInContext(step.script, ctx);
    } else {
      results.push(vm.runInContext(step.eval, ctx));
    }
  } catch (e) {
    results.push('ERROR ' + e);
  }
}
process.stdout.write(JSON.stringify(results));
