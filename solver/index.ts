export * from './api/index.js';
export * from './cp/index.js';
export * from './formats/index.js';
export * from './model/index.js';
export * from './rounds/index.js';
export * from './search/index.js';
