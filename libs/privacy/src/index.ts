export * from './random-source';
export * from './laplace-mechanism';
export * from './privacy-budget-ledger';
export * from './private-release';
