// Maps the tsconfig path aliases (@benchpool/*) to source files for jest.
const path = require('path');
const base = require('../../tsconfig.base.json');

function pathsToModuleNameMapper() {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(base.compilerOptions.paths)) {
    mapper[`^${alias.replace('/', '\\/')}$`] = path.join(__dirname, '..', '..', target);
  }
  return mapper;
}

module.exports = { pathsToModuleNameMapper };
