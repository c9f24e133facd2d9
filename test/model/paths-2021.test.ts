import { modelSuite } from './model-suite';
import { spec2021 } from './oracle';

// Definition version 1, the 2021 notice (SPEC §3).
modelSuite(spec2021);
