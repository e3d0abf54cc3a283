// The TextMate grammar on every example and standard library module, through vscode-textmate
// and vscode-oniguruma (the engine VS Code itself runs): each string, comment, template
// variable, arrow, keyword and number a simple reference lexer finds gets the scope it should.
// Usage: node test/grammar_test.js SOURCE_ROOT
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = process.argv[2];
const here = path.join(__dirname, '..');
const keywords = new Set(('import campaign policy handlers step objection title channel offer clauses ' +
  'start say ask disclose verify owner confirm register invoke end goto on when retry exhausted ' +
  'resume allow per limit require').split(' '));

/// Tokens as the language defines them: [start, end, category] per line, block comments
/// carried over lines.
function referenceTokens(lines) {
  const out = [];
  let inBlock = false;
  for (const line of lines) {
    const tokens = [];
    let i = 0;
    while (i < line.length) {
      if (inBlock) {
        const close = line.indexOf('*/', i);
        const end = close < 0 ? line.length : close + 2;
        if (end > i) tokens.push([i, end, 'comment']);
        inBlock = close < 0;
        i = end;
      } else if (line.startsWith('//', i)) {
        tokens.push([i, line.length, 'comment']);
        i = line.length;
      } else if (line.startsWith('/*', i)) {
        inBlock = true;
        tokens.push([i, i + 2, 'comment']);
        i += 2;
      } else if (line[i] === '"') {
        let j = i + 1;
        while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
        tokens.push([i, Math.min(j + 1, line.length), 'string']);
        const body = line.slice(i, j);
        for (const m of body.matchAll(/(?<!\{)\{([A-Za-z_][A-Za-z0-9_.]*)\}/g))
          tokens.push([i + m.index, i + m.index + m[0].length, 'template']);
        i = j + 1;
      } else if (line.startsWith('->', i)) {
        tokens.push([i, i + 2, 'arrow']);
        i += 2;
      } else if (/[0-9]/.test(line[i])) {
        const m = /^[0-9]+(\.[0-9]+)?/.exec(line.slice(i));
        tokens.push([i, i + m[0].length, 'number']);
        i += m[0].length;
      } else if (/[\p{Alpha}_]/u.test(line[i])) {
        const m = /^[\p{Alpha}_][\p{Alpha}\p{N}_]*/u.exec(line.slice(i));
        // After `step`/`objection` a word is the name declared, after `->`/`goto` the step
        // it leads to (unless `end`, `objection` or `resume`): keywords may name steps.
        const previous = tokens.length ? line.slice(tokens[tokens.length - 1][0], tokens[tokens.length - 1][1]) : '';
        const named = /^\s*$/.test(line.slice(tokens.length ? tokens[tokens.length - 1][1] : 0, i));
        if (named && (previous === 'step' || previous === 'objection') && tokens.length)
          tokens.push([i, i + m[0].length, 'name']);
        else if (named && (previous === '->' || previous === 'goto') && !['end', 'objection', 'resume'].includes(m[0]))
          tokens.push([i, i + m[0].length, 'name']);
        else if (keywords.has(m[0])) tokens.push([i, i + m[0].length, 'keyword']);
        i += m[0].length;
      } else {
        i += 1;
      }
    }
    out.push(tokens);
  }
  return out;
}

const expectedScope = {
  comment: (s) => s.startsWith('comment.'),
  string: (s) => s.startsWith('string.quoted.double'),
  template: (s) => s.startsWith('variable.other.template'),
  arrow: (s) => s === 'keyword.operator.arrow.patter',
  number: (s) => s.startsWith('constant.numeric'),
  name: (s) => s === 'entity.name.function.patter',
  keyword: (s) => s.startsWith('keyword.') || s.startsWith('storage.type'),
};

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.patter') ? [p] : [];
  });
}

async function main() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => vsctm.parseRawGrammar(
      fs.readFileSync(path.join(here, 'syntaxes/patter.tmLanguage.json'), 'utf8'),
      'patter.tmLanguage.json'),
  });
  const grammar = await registry.loadGrammar('source.patter');
  const files = [...sources(path.join(root, 'examples')), ...sources(path.join(root, 'stdlib'))];
  let checked = 0;
  const failures = [];
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    const reference = referenceTokens(lines);
    let state = vsctm.INITIAL;
    lines.forEach((line, n) => {
      const result = grammar.tokenizeLine(line, state);
      state = result.ruleStack;
      for (const [start, end, category] of reference[n]) {
        const token = result.tokens.find((t) => t.startIndex <= start && start < t.endIndex);
        const scopes = token ? token.scopes : [];
        checked += 1;
        if (!scopes.some(expectedScope[category]))
          failures.push(`${path.relative(root, file)}:${n + 1}:${start + 1}: ${category} ` +
            `'${line.slice(start, end)}' has scopes ${scopes.join(' ')}`);
      }
    });
  }
  // The declarations name what they declare.
  const declared = grammar.tokenizeLine('  step greet {', vsctm.INITIAL).tokens
    .find((t) => t.startIndex === 7);
  if (!declared || !declared.scopes.includes('entity.name.function.patter'))
    failures.push('a step name is not entity.name.function');
  if (failures.length) {
    console.error(failures.slice(0, 40).join('\n'));
    console.error(`${failures.length} of ${checked} tokens have the wrong scope`);
    process.exit(1);
  }
  if (files.length === 0 || checked < 1000) {
    console.error(`only ${checked} tokens in ${files.length} files: is ${root} the source root?`);
    process.exit(1);
  }
  console.log(`${checked} tokens in ${files.length} files scoped as expected`);
}

main().catch((e) => { console.error(e); process.exit(1); });
