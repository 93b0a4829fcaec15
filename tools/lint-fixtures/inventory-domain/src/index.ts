export const inventory = 'inventory';
