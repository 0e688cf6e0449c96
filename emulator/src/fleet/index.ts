export { defaultFleet, SAMPLE_SUBSCRIPTIONS, SAMPLE_TENANT_ID } from './sample';
export { generateFleet, type GenerateOptions } from './generate';
export { validateFleet } from './validate';
