import { IdentifierRenamer, mapFencedBlocks } from './identifier-renamer';

describe('IdentifierRenamer', () => {
  it('renames declared variables and functions, keeping library calls and keywords', () => {
    const renamer = new IdentifierRenamer();
    const code = 'const userName = getUser();\nfunction calculateTotal(items) {\n  return Math.max(items.length, userName.length);\n}';
    renamer.collect(code);
    expect(renamer.rename(code)).toBe(
      'const var1 = getUser();\nfunction func1(var2) {\n  return Math.max(var2.length, var1.length);\n}',
    );
    expect(renamer.renamed).toBe(5);
  });

  it('treats arrow functions, Python defs and Go funcs as functions', () => {
    const renamer = new IdentifierRenamer();
    renamer.collect('const fetchOrders = async (id) => id;\ndef load_invoice(path):\n    pass\nfunc ParseLine(s string) {}');
    expect(renamer.rename('fetchOrders(); load_invoice(p); ParseLine(x)')).toBe('func1(); func2(p); func3(x)');
  });

  it('does not rename names it never saw declared', () => {
    const renamer = new IdentifierRenamer();
    renamer.collect('const total = 1;');
    expect(renamer.rename('console.log(subtotal, total)')).toBe('console.log(subtotal, var1)');
  });

  it('leaves placeholders alone', () => {
    const renamer = new IdentifierRenamer();
    renamer.collect('const EMAIL = 1;');
    expect(renamer.rename('send to <EMAIL_1>')).toBe('send to <EMAIL_1>');
  });
});

describe('mapFencedBlocks', () => {
  it('transforms only fenced code', () => {
    expect(mapFencedBlocks('see ```x``` no,\n```js\nlet a = 1\n```\nend', (block) => block.toUpperCase())).toBe(
      'see ```x``` no,\n```js\nLET A = 1\n```\nend',
    );
  });
});
