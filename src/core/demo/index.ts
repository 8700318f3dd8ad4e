export { generateDemo, type DemoResult } from './seed-db.js';
export { planDemo, demoDay, type DemoOptions, type DemoPlan } from './generate.js';
export { PLANT_NAMES, DEFAULT_PLANTS, SUBJECTS, truthOf, type PlantName, type PlantedTruth } from './plants.js';
