export { FAMILIES, familyByName } from './families.js';
export type { Family, FamilyFlags } from './family.js';
export type { GenerateOptions, GenerateSummary } from './generate.js';
export { generateDataset } from './generate.js';
export type { DatasetItem, DatasetRecord, ReadOptions } from './record.js';
export { readDataset, recordLine, streamDataset } from './record.js';
