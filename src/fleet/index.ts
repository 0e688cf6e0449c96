export * from './model';
export * from './driver';
export * from './planner';
export * from './journal';
export * from './engine';
