export { describeValue, InvalidArgumentError, isRecord } from './invalid-argument-error.js';
