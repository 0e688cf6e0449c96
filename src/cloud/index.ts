/**
 * Entry of the cloud bundle (dist/cloud.js): both cloud layers and their SDKs. The extension
 * requires it on first use, so activation does not parse the SDKs.
 */
export * as azure from './azure/index';
export * as volcengine from './volcengine/index';
