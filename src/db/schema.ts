// The tables, one file per feature under tables/; drizzle-kit and the stores read them from here.
export * from './tables/applications';
export * from './tables/batches';
export * from './tables/blobs';
export * from './tables/operations';
export * from './tables/outcomes';
export * from './tables/plans';
export * from './tables/sessions';
export * from './tables/webhooks';
